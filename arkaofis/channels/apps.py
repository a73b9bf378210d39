from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "arkaofis.channels"
    label = "channels"
