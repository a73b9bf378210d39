"""Arkaofis: an open-source back office for online merchants."""
