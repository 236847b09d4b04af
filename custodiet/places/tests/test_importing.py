"""Reading registers and population files: every problem with its line, typed rows otherwise (no database)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from unittest import TestCase

from openpyxl import Workbook

from custodiet.core.errors import ImportRejected
from custodiet.places.importing import POPULATION, REGISTER, parse_file, parse_table, table_from_records

TODAY = date(2026, 11, 22)
LOOKUP = {"ru": "RU", "rus": "RU", "russian federation": "RU", "ua": "UA", "ukraine": "UA"}
HEADER = (
    "ref,name_local,name_en,type,authority,state,region,address,latitude,longitude,capacity,source,notes\n"
)
GOOD = (
    "RU-MOW-SIZO-2,СИЗО-2 «Бутырка»,SIZO-2 Butyrka,pre_trial,FSIN,RU,Moscow,"
    '"ул. Новослободская, 45",55.784,37.590,,https://example.org/b,\n'
)


def parse(text: str | bytes, name: str = "register.csv") -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_file(data, name=name, state_lookup=LOOKUP, today=TODAY)


def problems(text: str | bytes, name: str = "register.csv") -> list[tuple[int, str]]:
    try:
        parse(text, name)
    except ImportRejected as rejected:
        return rejected.problems
    raise AssertionError("the file was accepted")


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class RegisterTests(TestCase):
    def test_a_good_row_becomes_typed_values(self) -> None:
        parsed = parse(HEADER + GOOD)
        self.assertEqual((parsed.kind, parsed.rows), (REGISTER, 1))
        values = parsed.places[0].values
        self.assertEqual((values.ref, values.type, values.state), ("RU-MOW-SIZO-2", "pre_trial", "RU"))
        self.assertEqual((values.latitude, values.longitude), (Decimal("55.784000"), Decimal("37.590000")))
        self.assertEqual(values.address, "ул. Новослободская, 45")
        self.assertIsNone(values.capacity)
        self.assertIn("capacity", parsed.places[0].columns)

    def test_a_byte_order_mark_semicolons_labels_and_alpha3_codes_are_accepted(self) -> None:
        text = "\ufeffRef;Name local;Type;State\nX-1;Изолятор;Pre-trial detention centre;RUS\n"
        parsed = parse(text)
        values = parsed.places[0].values
        self.assertEqual((values.type, values.state), ("pre_trial", "RU"))
        self.assertEqual(parsed.places[0].columns, frozenset({"name_local", "type", "state"}))

    def test_several_bad_rows_are_all_reported_with_their_lines(self) -> None:
        text = (
            HEADER
            + GOOD
            + "RU-2,Тюрьма,,jail,,RU,,,,,,,\n"  # line 3: unknown type
            + "RU-3,Тюрьма,,prison,,Atlantis,,,,,,,\n"  # line 4: unknown state
            + "RU-4,Тюрьма,,prison,,RU,,,55.7,,,,\n"  # line 5: half a coordinate pair
            + "RU-5,Тюрьма,,prison,,RU,,,95,200,,,\n"  # line 6: out of range
            + "RU-6,Тюрьма,,prison,,RU,,,,,-5,,\n"  # line 7: negative capacity
            + "RU-7,Тюрьма,,prison,,RU,,,,,12.5,,\n"  # line 8: not a whole number
            + "RU-MOW-SIZO-2,Другое,,prison,,RU,,,,,,,\n"  # line 9: duplicate ref
            + ",,,prison,,RU,,,,,,,\n"  # line 10: no ref, no name
            + "RU-8,Тюрьма,,prison,,RU,,,north,east,,,\n"  # line 11: not numbers
            + "RU-9,Тюрьма,,prison,,RU,,,,,0,,\n"  # line 12: capacity zero
        )
        found = problems(text)
        lines = {line for line, _ in found}
        self.assertEqual(lines, {3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
        reasons = dict(found)
        self.assertIn("unknown type 'jail'; use one of: prison, pre_trial, penal_colony", reasons[3])
        self.assertIn("unknown state 'Atlantis'", reasons[4])
        self.assertEqual(reasons[5], "give both latitude and longitude, or neither")
        self.assertIn((6, "latitude 95.000000 is outside -90 to 90"), found)
        self.assertIn((6, "longitude 200.000000 is outside -180 to 180"), found)
        self.assertEqual(reasons[7], "capacity -5 is negative")
        self.assertEqual(reasons[8], "capacity '12.5' is not a whole number")
        self.assertEqual(reasons[9], "ref RU-MOW-SIZO-2 appears twice in the file (also on line 2)")
        self.assertIn((10, "ref is required"), found)
        self.assertIn((10, "name_local is required"), found)
        self.assertIn((11, "latitude 'north' is not a number"), found)
        self.assertIn("an official capacity is at least 1", reasons[12])

    def test_required_columns_unknown_and_repeated_columns(self) -> None:
        found = problems("ref,name_local,lattitude,lattitude\nA,B,1,2\n")
        self.assertEqual({line for line, _ in found}, {1})
        text = " ".join(reason for _, reason in found)
        self.assertIn("lacks the column(s) type, state", text)
        self.assertIn("unknown column(s) lattitude", text)
        self.assertIn("appear more than once", text)

    def test_empty_files_and_headers_without_rows(self) -> None:
        self.assertEqual(problems(""), [(1, "the file is empty")])
        self.assertEqual(problems("\n\n"), [(1, "the file is empty")])
        self.assertEqual(problems(HEADER), [(2, "the file has a header but no rows")])
        self.assertEqual(problems(HEADER + ",,,,,,,,,,,,\n"), [(2, "the file has a header but no rows")])

    def test_a_file_that_is_not_utf8_says_so_with_its_line(self) -> None:
        data = (HEADER + GOOD).encode("utf-8") + "RU-2,Тюрьма,,prison,,RU\n".encode("cp1251")
        [(line, reason)] = problems(data)
        self.assertEqual(line, 3)
        self.assertIn("not UTF-8", reason)

    def test_a_row_longer_than_the_header(self) -> None:
        found = problems("ref,name_local,type,state\nA,B,prison,RU,extra\n")
        self.assertEqual(found, [(2, "the row has 5 cells but the header only 4")])

    def test_quoted_cells_over_several_lines_keep_the_line_of_the_row(self) -> None:
        text = 'ref,name_local,type,state,notes\nA,B,prison,RU,"one\ntwo"\nC,D,jail,RU,\n'
        found = problems(text)
        self.assertEqual([line for line, _ in found], [4])

    def test_a_figure_in_the_register(self) -> None:
        header = "ref,name_local,type,state,capacity,population,population_on,population_source\n"
        parsed = parse(header + "A,B,prison,RU,100,180,01.03.2024,https://example.org/f\n")
        figure = parsed.figures[0]
        self.assertEqual((figure.ref, figure.on, figure.population), ("A", date(2024, 3, 1), 180))
        self.assertIs(parsed.places[0].figure, figure)

    def test_bad_figures_in_the_register(self) -> None:
        header = "ref,name_local,type,state,population,population_on,population_source\n"
        text = (
            header
            + "A,B,prison,RU,180,2024-03-01,\n"  # line 2: no source
            + "C,D,prison,RU,180,,https://e.org\n"  # line 3: no date
            + "E,F,prison,RU,,2024-03-01,https://e.org\n"  # line 4: no population
            + "G,H,prison,RU,180,2099-01-01,https://e.org\n"  # line 5: future
            + "I,J,prison,RU,-1,2024-03-01,https://e.org\n"  # line 6: negative
            + "K,L,prison,RU,100,2024-13-45,https://e.org\n"  # line 7: not a date
        )
        reasons = dict(problems(text))
        self.assertEqual(reasons[2], "a population figure needs its source in population_source")
        self.assertEqual(reasons[3], "a population figure needs its date in population_on")
        self.assertIn("without a population figure", reasons[4])
        self.assertEqual(reasons[5], "the figure's date 1 January 2099 is in the future")
        self.assertEqual(reasons[6], "population -1 is negative")
        self.assertIn("population_on '2024-13-45' is not a date", reasons[7])

    def test_overcrowding_has_no_upper_bound(self) -> None:
        header = "ref,name_local,type,state,capacity,population,population_on,population_source\n"
        parsed = parse(header + "A,B,prison,RU,100,100 000,2024-03-01,https://e.org\n")
        self.assertEqual(parsed.figures[0].population, 100000)

    def test_rows_given_as_mappings_are_numbered_from_line_2(self) -> None:
        table = table_from_records(
            [
                {"ref": "A", "name_local": "B", "type": "prison", "state": "RU"},
                {"ref": "C", "name_local": "D", "type": "x", "state": "RU"},
            ]
        )
        with self.assertRaises(ImportRejected) as caught:
            parse_table(table, state_lookup=LOOKUP, today=TODAY)
        self.assertEqual([line for line, _ in caught.exception.problems], [3])


class PopulationFileTests(TestCase):
    def test_a_population_file_is_told_by_its_header(self) -> None:
        parsed = parse("ref,on,population,capacity,source\nA,2024-01-01,1 500,1200,https://e.org\n")
        self.assertEqual(parsed.kind, POPULATION)
        figure = parsed.figures[0]
        self.assertEqual((figure.population, figure.capacity), (1500, 1200))

    def test_every_bad_figure_is_reported(self) -> None:
        text = (
            "ref,on,population,source\n"
            "A,2024-01-01,100,https://e.org\n"
            "A,2024-01-01,120,https://e.org\n"  # line 3: the same date twice
            ",2024-01-02,100,https://e.org\n"  # line 4: no ref
            "A,,100,https://e.org\n"  # line 5: no date
            "A,2024-01-03,,https://e.org\n"  # line 6: no population
            "A,2024-01-04,100,\n"  # line 7: no source
            "A,2030-01-01,100,https://e.org\n"  # line 8: future
        )
        found = problems(text)
        self.assertEqual(sorted({line for line, _ in found}), [3, 4, 5, 6, 7, 8])
        self.assertIn((3, "a figure for A on 2024-01-01 appears twice in the file (also on line 2)"), found)

    def test_the_header_must_name_what_a_population_file_needs(self) -> None:
        [(line, reason)] = problems("ref,on,population\nA,2024-01-01,1\n")
        self.assertEqual(line, 1)
        self.assertIn("lacks the column(s) source", reason)


class XlsxTests(TestCase):
    def test_a_workbook_with_native_numbers_and_dates(self) -> None:
        data = xlsx(
            [
                [
                    "ref",
                    "name_local",
                    "type",
                    "state",
                    "latitude",
                    "longitude",
                    "capacity",
                    "population",
                    "population_on",
                    "population_source",
                ],
                [
                    "RU-1",
                    "Колония",
                    "penal_colony",
                    "Russian Federation",
                    56.255,
                    41.316,
                    1200.0,
                    1300,
                    datetime(2024, 5, 1),
                    "https://e.org",
                ],
                [None, None, None, None],
            ]
        )
        parsed = parse(data, "register.xlsx")
        values = parsed.places[0].values
        self.assertEqual((values.state, values.capacity, values.latitude), ("RU", 1200, Decimal("56.255000")))
        self.assertEqual(parsed.figures[0].on, date(2024, 5, 1))

    def test_a_workbook_with_bad_rows_reports_their_row_numbers(self) -> None:
        data = xlsx(
            [
                ["ref", "name_local", "type", "state", "capacity"],
                ["RU-1", "Колония", "penal_colony", "RU", 100],
                ["RU-2", "Колония", "castle", "RU", 100],
                ["RU-3", "Колония", "prison", "RU", 10.5],
            ]
        )
        found = problems(data, "register.xlsx")
        self.assertEqual([line for line, _ in found], [3, 4])
        self.assertIn("not a whole number", found[1][1])

    def test_not_a_workbook(self) -> None:
        [(line, reason)] = problems(b"PK\x03\x04garbage", "x.xlsx")
        self.assertEqual(line, 1)
        self.assertIn("not a readable XLSX workbook", reason)

    def test_an_old_xls_file_is_refused_with_advice(self) -> None:
        [(_, reason)] = problems(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "x.xls")
        self.assertIn("save it as .xlsx", reason)
