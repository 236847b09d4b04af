"""Russian dates and numbers: "2 декабря 2026 г." (the month in the genitive), "4,5"."""

# ruff: noqa: RUF001, RUF002  # Cyrillic letters are the point: the abbreviations of "year" in dates

DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "F Y г."
FIRST_DAY_OF_WEEK = 1  # понедельник
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
# ISO first: the browser's date picker sends it whatever the language.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]
