"""What the demo shop sells: a Turkish online store for home & kitchen, apparel and a few
delicacies. Names are Turkish with the English name after a slash, as many Turkish shops that
also sell abroad write them. Pure data; catalog.py turns it into products."""

# (code, Turkish, English)
COLOURS = {
    "WHT": ("Beyaz", "White"),
    "BLK": ("Siyah", "Black"),
    "NVY": ("Lacivert", "Navy"),
    "RED": ("Kırmızı", "Red"),
    "KHK": ("Haki", "Khaki"),
    "BEI": ("Bej", "Beige"),
    "GRY": ("Gri", "Grey"),
    "GRN": ("Yeşil", "Green"),
    "TRQ": ("Turkuaz", "Turquoise"),
    "CRL": ("Mercan", "Coral"),
    "PRP": ("Mor", "Purple"),
}

# Variant families: (SKU stem, Turkish, English, category, base price TRY, sizes, colour codes)
FAMILIES = [
    (
        "TSH-BAS",
        "Basic Tişört",
        "Basic T-shirt",
        "Giyim/Tişört",
        249,
        ["S", "M", "L", "XL"],
        ["WHT", "BLK", "NVY", "RED", "KHK"],
    ),
    (
        "TSH-OVR",
        "Oversize Tişört",
        "Oversize T-shirt",
        "Giyim/Tişört",
        329,
        ["S", "M", "L", "XL"],
        ["WHT", "BLK", "BEI"],
    ),
    ("HOD", "Kapüşonlu Sweatshirt", "Hoodie", "Giyim/Sweatshirt", 649, ["S", "M", "L", "XL"], ["BLK", "GRY", "NVY"]),
    ("POL", "Polo Yaka Tişört", "Polo Shirt", "Giyim/Tişört", 449, ["S", "M", "L", "XL"], ["WHT", "NVY", "GRN"]),
    ("LIN", "Keten Gömlek", "Linen Shirt", "Giyim/Gömlek", 799, ["S", "M", "L", "XL"], ["WHT", "BEI"]),
    ("SCK", "Pamuk Çorap 3'lü", "Cotton Socks 3-pack", "Giyim/Çorap", 149, ["36-40", "41-45"], ["BLK", "WHT", "GRY"]),
    ("PST", "Peştemal", "Peshtemal Towel", "Ev Tekstili/Havlu", 299, ["90x170"], ["TRQ", "CRL", "GRY", "NVY", "PRP"]),
    ("BRN", "Bornoz", "Bathrobe", "Ev Tekstili/Bornoz", 899, ["S/M", "L/XL"], ["WHT", "GRY"]),
]

# Single products: (SKU stem, Turkish, English, category, base price, [(variant code, label, price factor)])
SINGLES = [
    (
        "CEZ-BAK",
        "Bakır Cezve",
        "Copper Coffee Pot",
        "Mutfak/Kahve",
        420,
        [("200", "200 ml", 1.0), ("300", "300 ml", 1.2), ("450", "450 ml", 1.45)],
    ),
    (
        "CEZ-CEL",
        "Çelik Cezve",
        "Steel Coffee Pot",
        "Mutfak/Kahve",
        180,
        [("250", "250 ml", 1.0), ("400", "400 ml", 1.2)],
    ),
    (
        "FIN",
        "Türk Kahvesi Fincan Takımı",
        "Turkish Coffee Cup Set",
        "Mutfak/Kahve",
        260,
        [("2", "2 kişilik", 1.0), ("6", "6 kişilik", 2.4)],
    ),
    (
        "BRD",
        "Çay Bardağı 6'lı",
        "Tea Glasses, set of 6",
        "Mutfak/Çay",
        150,
        [("KLS", "İnce Belli", 1.0), ("GLD", "Yaldızlı", 1.6), ("KRS", "Kristal", 2.2)],
    ),
    (
        "TBK",
        "Çay Tabağı 6'lı",
        "Tea Saucers, set of 6",
        "Mutfak/Çay",
        120,
        [("KLS", "Klasik", 1.0), ("GLD", "Yaldızlı", 1.5)],
    ),
    (
        "CDN",
        "Çaydanlık",
        "Turkish Teapot",
        "Mutfak/Çay",
        690,
        [("12", "1,2 L", 1.0), ("20", "2 L", 1.3), ("CLK", "Çelik", 1.1), ("EMY", "Emaye", 1.4)],
    ),
    (
        "DML",
        "Porselen Demlik",
        "Porcelain Infuser Teapot",
        "Mutfak/Çay",
        340,
        [("WHT", "Beyaz", 1.0), ("BLU", "Mavi", 1.1)],
    ),
    (
        "KUP",
        "Kupa",
        "Mug",
        "Mutfak/Sofra",
        160,
        [
            ("LALE", "Lale", 1.0),
            ("CINI", "Çini", 1.2),
            ("NAZAR", "Nazar", 1.0),
            ("GALATA", "Galata", 1.1),
            ("KAPADOKYA", "Kapadokya", 1.1),
            ("MAT", "Mat Siyah", 0.9),
        ],
    ),
    (
        "TBG",
        "Servis Tabağı",
        "Dinner Plate",
        "Mutfak/Sofra",
        180,
        [
            ("19-WHT", "19 cm Beyaz", 0.8),
            ("25-WHT", "25 cm Beyaz", 1.0),
            ("27-WHT", "27 cm Beyaz", 1.1),
            ("19-BLK", "19 cm Mat Siyah", 0.9),
            ("25-BLK", "25 cm Mat Siyah", 1.1),
            ("27-BLK", "27 cm Mat Siyah", 1.2),
        ],
    ),
    ("KSE", "Kase", "Bowl", "Mutfak/Sofra", 110, [("12", "12 cm", 1.0), ("16", "16 cm", 1.3)]),
    (
        "CBT",
        "Çatal Bıçak Takımı",
        "Cutlery Set",
        "Mutfak/Sofra",
        1290,
        [("24", "24 parça", 1.0), ("84", "84 parça", 2.6)],
    ),
    (
        "KTH",
        "Kesme Tahtası",
        "Cutting Board",
        "Mutfak/Hazırlık",
        320,
        [
            ("ZYT-S", "Zeytin Ağacı S", 1.0),
            ("ZYT-M", "Zeytin Ağacı M", 1.5),
            ("ZYT-L", "Zeytin Ağacı L", 2.1),
            ("BMB", "Bambu", 0.7),
        ],
    ),
    (
        "BCK",
        "Bıçak",
        "Knife",
        "Mutfak/Hazırlık",
        540,
        [("SEF", "Şef 20 cm", 1.0), ("EKM", "Ekmek", 0.8), ("SOY", "Soyma", 0.5)],
    ),
    (
        "TAV",
        "Tava",
        "Frying Pan",
        "Mutfak/Pişirme",
        790,
        [
            ("G20", "Granit 20 cm", 0.8),
            ("G24", "Granit 24 cm", 1.0),
            ("G28", "Granit 28 cm", 1.2),
            ("D26", "Döküm 26 cm", 1.9),
        ],
    ),
    ("TNC", "Tencere", "Cooking Pot", "Mutfak/Pişirme", 990, [("18", "18 cm", 1.0), ("22", "22 cm", 1.3)]),
    ("SHN", "Bakır Sahan", "Copper Egg Pan", "Mutfak/Pişirme", 480, [("16", "16 cm", 1.0), ("20", "20 cm", 1.3)]),
    (
        "KVN",
        "Saklama Kavanozu",
        "Storage Jar",
        "Mutfak/Saklama",
        130,
        [("05", "500 ml", 1.0), ("10", "1 L", 1.3), ("15", "1,5 L", 1.6)],
    ),
    ("BHR", "Baharatlık Seti", "Spice Rack Set", "Mutfak/Saklama", 560, [("STD", "12 kavanoz", 1.0)]),
    (
        "MHV",
        "Mutfak Havlusu 3'lü",
        "Kitchen Towels 3-pack",
        "Ev Tekstili/Mutfak",
        190,
        [("KRL", "Kareli", 1.0), ("CZG", "Çizgili", 1.0)],
    ),
    ("ONL", "Mutfak Önlüğü", "Apron", "Ev Tekstili/Mutfak", 240, [("KTN", "Keten", 1.0), ("DNM", "Denim", 1.2)]),
    ("MOR", "Masa Örtüsü", "Tablecloth", "Ev Tekstili/Sofra", 520, [("140", "140x180", 1.0), ("160", "160x220", 1.3)]),
    (
        "MUM",
        "Kokulu Mum",
        "Scented Candle",
        "Dekorasyon/Mum",
        260,
        [("LAV", "Lavanta", 1.0), ("VAN", "Vanilya", 1.0), ("SND", "Sandal Ağacı", 1.1)],
    ),
    ("TAS", "Kokulu Taş", "Scent Stone", "Dekorasyon/Koku", 180, [("GUL", "Gül", 1.0), ("MSK", "Misk", 1.0)]),
    (
        "YST",
        "Yastık Kılıfı",
        "Cushion Cover",
        "Dekorasyon/Tekstil",
        220,
        [
            ("KLM-RED", "Kilim Kırmızı", 1.0),
            ("KLM-BLU", "Kilim Mavi", 1.0),
            ("KTN-BEI", "Keten Bej", 0.9),
            ("KDF-GRN", "Kadife Yeşil", 1.2),
        ],
    ),
    ("BTN", "Battaniye", "Throw Blanket", "Dekorasyon/Tekstil", 850, [("PMK", "Pamuk", 1.0), ("MUS", "Müslin", 1.2)]),
    (
        "HVL",
        "Banyo Havlusu",
        "Bath Towel",
        "Ev Tekstili/Havlu",
        210,
        [
            ("50-WHT", "50x90 Beyaz", 1.0),
            ("70-WHT", "70x140 Beyaz", 1.6),
            ("50-GRY", "50x90 Gri", 1.0),
            ("70-GRY", "70x140 Gri", 1.6),
            ("50-TRQ", "50x90 Turkuaz", 1.0),
            ("70-TRQ", "70x140 Turkuaz", 1.6),
        ],
    ),
    ("KES", "Hamam Kesesi", "Hammam Scrub Mitt", "Banyo/Hamam", 90, [("IPK", "İpek", 1.0), ("KLS", "Klasik", 0.7)]),
    ("NZR", "Nazar Boncuğu Süs", "Evil Eye Ornament", "Dekorasyon/Süs", 140, [("S", "Küçük", 1.0), ("M", "Orta", 1.6)]),
    ("TRM", "Termos", "Vacuum Flask", "Mutfak/Servis", 590, [("500", "500 ml", 1.0), ("750", "750 ml", 1.25)]),
    ("MTR", "Matara", "Water Bottle", "Mutfak/Servis", 320, [("CLK", "Çelik", 1.0), ("CAM", "Cam", 0.9)]),
    ("ALT", "Bardak Altlığı 6'lı", "Coasters, set of 6", "Mutfak/Servis", 150, [("MRM", "Mermer", 1.0)]),
    ("SRH", "Cam Sürahi", "Glass Carafe", "Mutfak/Servis", 280, [("10", "1 L", 1.0), ("15", "1,5 L", 1.2)]),
    ("TZL", "Tuzluk Biberlik", "Salt and Pepper Set", "Mutfak/Sofra", 170, [("ZYT", "Zeytin Ağacı", 1.0)]),
]

# Lot-tracked goods with an expiry: (SKU, Turkish, English, category, price, shelf life in days)
PERISHABLES = [
    ("GDA-KHV-100", "Türk Kahvesi 100 g", "Turkish Coffee 100 g", "Gıda/Kahve", 65, 365),
    ("GDA-KHV-250", "Türk Kahvesi 250 g", "Turkish Coffee 250 g", "Gıda/Kahve", 145, 365),
    ("GDA-CAY-500", "Rize Çayı 500 g", "Rize Black Tea 500 g", "Gıda/Çay", 120, 540),
    ("GDA-CAY-1000", "Rize Çayı 1000 g", "Rize Black Tea 1000 g", "Gıda/Çay", 215, 540),
    ("GDA-LOK-GUL", "Güllü Lokum 250 g", "Rose Turkish Delight 250 g", "Gıda/Lokum", 160, 180),
    ("GDA-LOK-FIS", "Fıstıklı Lokum 500 g", "Pistachio Turkish Delight 500 g", "Gıda/Lokum", 390, 180),
    ("GDA-LOK-KRS", "Karışık Lokum 1 kg", "Assorted Turkish Delight 1 kg", "Gıda/Lokum", 520, 180),
    ("GDA-BAL-460", "Çam Balı 460 g", "Pine Honey 460 g", "Gıda/Bal", 340, 720),
    ("GDA-BAL-850", "Çam Balı 850 g", "Pine Honey 850 g", "Gıda/Bal", 590, 720),
    ("GDA-ZYT-500", "Sızma Zeytinyağı 500 ml", "Extra Virgin Olive Oil 500 ml", "Gıda/Zeytinyağı", 260, 540),
    ("GDA-ZYT-1000", "Sızma Zeytinyağı 1 L", "Extra Virgin Olive Oil 1 L", "Gıda/Zeytinyağı", 470, 540),
    ("GDA-NAR-250", "Nar Ekşisi 250 ml", "Pomegranate Molasses 250 ml", "Gıda/Sos", 110, 540),
    ("GDA-TAH-300", "Tahin 300 g", "Tahini 300 g", "Gıda/Kahvaltılık", 140, 365),
    ("GDA-PKM-380", "Üzüm Pekmezi 380 g", "Grape Molasses 380 g", "Gıda/Kahvaltılık", 120, 540),
    ("GDA-KYS-500", "Gün Kurusu Kayısı 500 g", "Sun-dried Apricots 500 g", "Gıda/Kuruyemiş", 230, 270),
    ("GDA-FST-250", "Antep Fıstığı 250 g", "Pistachios 250 g", "Gıda/Kuruyemiş", 380, 240),
    ("GDA-BBR-100", "Pul Biber 100 g", "Chili Flakes 100 g", "Gıda/Baharat", 75, 365),
    ("SBN-ZYT", "Zeytinyağlı Sabun", "Olive Oil Soap", "Banyo/Sabun", 55, 900),
    ("SBN-LAV", "Lavantalı Sabun", "Lavender Soap", "Banyo/Sabun", 60, 900),
    ("SBN-DFN", "Defne Sabunu", "Laurel Soap", "Banyo/Sabun", 70, 900),
    ("SBN-KCI", "Keçi Sütlü Sabun", "Goat Milk Soap", "Banyo/Sabun", 75, 600),
]

# Sold by weight, volume or length in the base unit: (SKU, Turkish, English, category, unit, price per unit)
BULK = [
    ("DKM-KHV-CKR", "Çekirdek Kahve (dökme)", "Coffee Beans (loose)", "Gıda/Kahve", "g", "0.65"),
    ("DKM-ZYT", "Zeytinyağı (dökme)", "Olive Oil (loose)", "Gıda/Zeytinyağı", "ml", "0.38"),
    ("MTR-JUT", "Jüt İp", "Jute Twine", "Ambalaj/Hediye", "mm", "0.02"),
    ("MTR-KRD", "Saten Kurdele", "Satin Ribbon", "Ambalaj/Hediye", "mm", "0.015"),
]

# Serial-numbered appliances: (SKU, Turkish, English, category, price)
APPLIANCES = [
    ("ELK-CAY", "Çay Makinesi", "Electric Tea Maker", "Elektrikli/Mutfak", 2490),
    ("ELK-KHV", "Türk Kahvesi Makinesi", "Turkish Coffee Machine", "Elektrikli/Mutfak", 3290),
    ("ELK-CEZ", "Elektrikli Cezve", "Electric Coffee Pot", "Elektrikli/Mutfak", 890),
]

# Gift sets and bundles: (SKU, Turkish, English, [(component SKU, quantity)])
KITS = [
    (
        "KIT-KAHVALTI",
        "Kahvaltı Hediye Kutusu",
        "Breakfast Gift Box",
        [("GDA-BAL-460", 1), ("GDA-CAY-500", 1), ("BRD-KLS", 1), ("MTR-KRD", 600)],
    ),
    (
        "KIT-KAHVE",
        "Türk Kahvesi Hediye Seti",
        "Turkish Coffee Gift Set",
        [("CEZ-BAK-300", 1), ("GDA-KHV-250", 1), ("FIN-2", 1), ("GDA-LOK-GUL", 1)],
    ),
    ("KIT-CAY", "Çay Keyfi Seti", "Tea Time Set", [("CDN-12", 1), ("BRD-KLS", 1), ("TBK-KLS", 1), ("GDA-CAY-1000", 1)]),
    ("KIT-HAMAM", "Hamam Seti", "Hammam Set", [("PST-90x170-TRQ", 1), ("SBN-ZYT", 2), ("KES-IPK", 1)]),
    (
        "KIT-TSH-3M",
        "Basic Tişört 3'lü Paket M",
        "Basic T-shirt 3-pack M",
        [("TSH-BAS-M-WHT", 1), ("TSH-BAS-M-BLK", 1), ("TSH-BAS-M-NVY", 1)],
    ),
    (
        "KIT-TSH-3L",
        "Basic Tişört 3'lü Paket L",
        "Basic T-shirt 3-pack L",
        [("TSH-BAS-L-WHT", 1), ("TSH-BAS-L-BLK", 1), ("TSH-BAS-L-NVY", 1)],
    ),
    ("KIT-SOFRA", "Sofra Seti 6 Kişilik", "Dinner Set for 6", [("MOR-160", 1), ("TBG-27-WHT", 6), ("CBT-24", 1)]),
    (
        "KIT-MUTFAK",
        "Mutfak Başlangıç Seti",
        "Kitchen Starter Set",
        [("TAV-G24", 1), ("TNC-18", 1), ("BCK-SEF", 1), ("KTH-ZYT-M", 1)],
    ),
    ("KIT-LOKUM", "Lokum Üçlüsü", "Turkish Delight Trio", [("GDA-LOK-GUL", 1), ("GDA-LOK-FIS", 1), ("GDA-LOK-KRS", 1)]),
    (
        "KIT-ZEYTIN",
        "Zeytin Sever Seti",
        "Olive Lover's Set",
        [("GDA-ZYT-1000", 1), ("SBN-ZYT", 2), ("KTH-ZYT-M", 1), ("MTR-JUT", 1500)],
    ),
    ("KIT-BANYO", "Banyo Seti", "Bath Set", [("HVL-50-WHT", 1), ("HVL-70-WHT", 1), ("BRN-S/M-WHT", 1)]),
    ("KIT-MUM", "Mum Üçlüsü", "Candle Trio", [("MUM-LAV", 1), ("MUM-VAN", 1), ("MUM-SND", 1)]),
    ("KIT-SCK-6", "Çorap 6'lı Paket", "Socks 6-pack", [("SCK-41-45-BLK", 2)]),
]

SUPPLIERS = {
    "Giyim": ["Ege Tekstil A.Ş.", "Bursa Örme Ltd."],
    "Ev Tekstili": ["Denizli Havlu Tekstil", "Buldan Dokuma Koop."],
    "Mutfak": ["Anadolu Bakır San.", "Marmara Cam Ltd.", "Toros Mutfak Gereçleri"],
    "Dekorasyon": ["Kapadokya El Sanatları", "Marmara Cam Ltd."],
    "Banyo": ["Ayvalık Sabunhanesi", "Denizli Havlu Tekstil"],
    "Gıda": ["Karadeniz Çay Koop.", "Ege Zeytin Üreticileri", "Safranbolu Lokum Evi", "Muğla Arıcılık"],
    "Ambalaj": ["Acme Ambalaj"],
    "Elektrikli": ["Acme Elektrikli Ev Aletleri"],
}

CHANNELS = [("TY", "Trendyol"), ("SHP", "Shopify"), ("AMZ", "Amazon"), ("WEB", "Web"), ("WOO", "WooCommerce")]

# Size of one unit as packed, (grams, millilitres): by SKU stem for families and singles (a single's
# variants scale it by their price factor), by SKU for the rest; loose goods per base unit (g, ml, mm).
SIZES = {
    "TSH-BAS": (180, 1200), "TSH-OVR": (230, 1500), "HOD": (550, 4000), "POL": (250, 1500), "LIN": (280, 2000),
    "SCK": (150, 600), "PST": (350, 2000), "BRN": (1200, 6000),
    "CEZ-BAK": (400, 1500), "CEZ-CEL": (250, 1200), "FIN": (600, 2500), "BRD": (700, 3000), "TBK": (600, 2000),
    "CDN": (1400, 6000), "DML": (700, 3000), "KUP": (350, 1500), "TBG": (600, 2500), "KSE": (300, 1200),
    "CBT": (1800, 4000), "KTH": (900, 2500), "BCK": (250, 800), "TAV": (1200, 5000), "TNC": (1800, 6000),
    "SHN": (500, 2000), "KVN": (400, 1500), "BHR": (1500, 5000), "MHV": (250, 1000), "ONL": (250, 1000),
    "MOR": (600, 2500), "MUM": (350, 800), "TAS": (150, 400), "YST": (200, 1000), "BTN": (900, 5000),
    "HVL": (400, 2000), "KES": (50, 200), "NZR": (80, 300), "TRM": (450, 2000), "MTR": (300, 1200),
    "ALT": (400, 800), "SRH": (600, 3000), "TZL": (300, 800),
    "GDA-KHV-100": (110, 250), "GDA-KHV-250": (270, 500), "GDA-CAY-500": (520, 1500), "GDA-CAY-1000": (1030, 3000),
    "GDA-LOK-GUL": (270, 600), "GDA-LOK-FIS": (530, 1100), "GDA-LOK-KRS": (1050, 2200), "GDA-BAL-460": (700, 500),
    "GDA-BAL-850": (1250, 900), "GDA-ZYT-500": (800, 600), "GDA-ZYT-1000": (1500, 1200), "GDA-NAR-250": (450, 300),
    "GDA-TAH-300": (450, 400), "GDA-PKM-380": (550, 400), "GDA-KYS-500": (520, 1200), "GDA-FST-250": (260, 600),
    "GDA-BBR-100": (110, 300), "SBN-ZYT": (130, 150), "SBN-LAV": (130, 150), "SBN-DFN": (130, 150),
    "SBN-KCI": (130, 150),
    "DKM-KHV-CKR": (1, 3), "DKM-ZYT": (1, 1), "MTR-JUT": (0, 0), "MTR-KRD": (0, 0),  # per g, ml, mm
    "ELK-CAY": (2500, 15000), "ELK-KHV": (1800, 9000), "ELK-CEZ": (900, 4000),
}  # fmt: skip
