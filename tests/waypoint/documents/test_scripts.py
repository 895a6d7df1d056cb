"""Names and answers in any script print in every document: CJK through the bundled fallback
font, Arabic and Hebrew shaped and in right-to-left order per line, never as boxes; a script no
embedded font has prints as a visible placeholder and is named on render's stderr."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from bidi import get_display

from tests.helpers import ROOT, run_main
from tests.waypoint.documents.helpers import font_names, pdf_text
from waypoint.content.bundle import shipped_content
from waypoint.documents.bidi import _BidiParagraph, _visual, paragraph
from waypoint.documents.bundle import render_documents
from waypoint.documents.fonts import CJK_FAMILY, CJK_FILE, FACES, UPRIGHT_FILES, codepoints
from waypoint.documents.glyphs import PLACEHOLDER, markup, unsupported_scripts
from waypoint.documents.pdf import make_styles, render_pdf
from waypoint.record.sample import sample_record

#: (script, given name, family name, an answer in that language)
SCRIPTS = [
    ("Chinese", "王秀英", "李", "我想在家里和家人一起度过时间，不想再住院。"),
    ("Korean", "김민준", "박", "집에서 가족과 함께 지내고 싶어요."),
    ("Vietnamese", "Nguyễn Thị", "Hồng", "Tôi muốn ở nhà với gia đình."),
    ("Arabic", "أحمد", "حداد", "أريد البقاء في المنزل مع عائلتي"),
    ("Hebrew", "שרה", "כהן", "אני רוצה להישאר בבית עם המשפחה"),
    ("Greek", "Αλέξης", "Παπαδόπουλος", "Θέλω να μείνω στο σπίτι με την οικογένειά μου."),
    ("Cyrillic", "Дмитрий", "Иванов", "Я хочу остаться дома с семьёй."),
]
PDFS = ("careplan.pdf", "handout.pdf", "letter.pdf")


def _readable(text: str) -> str:
    """Extracted text as letters: Arabic presentation forms back to letters, spaces squashed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.mark.parametrize(
    ("script", "given", "family", "answer"), SCRIPTS, ids=[s[0] for s in SCRIPTS]
)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_names_and_answers_print_in_every_document(
    script: str, given: str, family: str, answer: str, lang: str
) -> None:
    record = sample_record()
    record.patient.given_name, record.patient.family_name = given, family
    record.conversations[0].goals.goals = answer
    docs = render_documents(record, lang=lang, content=shipped_content())
    for name in PDFS:
        text = _readable(pdf_text(docs[name]))
        assert PLACEHOLDER not in text, (script, name)
        assert f"{given} {family}" in text, (script, name)
    # The handout and the care plan print the patient's own words.
    for name in ("careplan.pdf", "handout.pdf"):
        assert _readable(answer) in _readable(pdf_text(docs[name])), (script, name)
    assert f"{given} {family}" in docs["note.txt"].decode("utf-8")
    assert unsupported_scripts([given, family, answer]) == []


def test_cjk_prints_in_the_bundled_fallback_font_only_where_needed() -> None:
    record = sample_record()
    record.patient.given_name = "王秀英"
    docs = render_documents(record, content=shipped_content())
    for name in PDFS:
        faces = {n.split("+", 1)[-1] for n in font_names(docs[name])}
        assert any(f.startswith("WenQuanYiMicroHei") for f in faces), name
        assert "DejaVuSans" in faces, name


def test_every_character_goes_to_a_font_that_has_its_glyph() -> None:
    """No run is set in a font without the glyph: that is what would print as an empty box."""
    text = "Zoë 王秀英 김민준 أحمد لا إله שרה Дмитрий Αλέξης, 3½ «ok» — 。"
    main = set.intersection(*(set(codepoints(f)) for f in FACES.values()))
    upright = set.intersection(*(set(codepoints(f)) for f in UPRIGHT_FILES))
    fonts = {"": main, CJK_FAMILY: set(codepoints(CJK_FILE)), "WaypointUpright": upright}
    for italic in (False, True):
        made = markup(text, italic=italic)
        for family, run in re.findall(r'(?:<font name="(\w+)">)?([^<]+)', made):
            assert family in fonts, family
            # Outside <i>, Arabic sits in the main family's upright faces.
            allowed = fonts[family] | (upright if not italic and not family else set())
            missing = {c for c in run.replace("&amp;", "&") if ord(c) not in allowed}
            assert not missing, (family, italic, missing)
        assert PLACEHOLDER not in made


def test_arabic_is_shaped_into_joined_forms() -> None:
    made = markup("أحمد")
    assert made != "أحمد"
    assert all("\ufe70" <= c <= "\ufeff" for c in made)  # presentation forms B: joined letters
    assert unicodedata.normalize("NFKC", made) == "أحمد"


def test_right_to_left_lines_break_in_typed_order_and_print_reversed() -> None:
    words = [f"كلمة{n}" for n in "٠١٢٣٤٥٦٧٨٩"] * 4
    style = make_styles(10).body
    para = paragraph(markup(" ".join(words)), style)
    assert isinstance(para, _BidiParagraph)
    para.wrap(150, 1000)
    lines = para.blPara.lines
    assert len(lines) > 2
    first_logical = " ".join(lines[0][1])
    # The first line holds the first words typed, not the last (whole-text reordering would).
    assert unicodedata.normalize("NFKC", first_logical).startswith("كلمة٠")
    first_visual = " ".join(_visual(para.blPara, "R").lines[0][1])
    assert first_visual == get_display(first_logical, base_dir="R") != first_logical


def test_an_arabic_paragraph_reads_right_to_left_and_english_stays_left() -> None:
    style = make_styles(10).body
    assert paragraph(markup("أريد البقاء"), style).style.alignment != style.alignment
    assert paragraph(markup("Home: أريد البقاء"), style).style.alignment == style.alignment


def test_a_script_no_font_has_prints_a_placeholder_and_is_named() -> None:
    record = sample_record()
    record.patient.given_name = "สมชาย"  # Thai
    text = pdf_text(render_documents(record, content=shipped_content())["careplan.pdf"])
    assert PLACEHOLDER * 5 in text
    assert unsupported_scripts(["สมชาย", "王秀英", "أريد", "שרה"]) == ["Thai"]


def test_render_says_on_stderr_which_scripts_do_not_print(tmp_path: Path) -> None:
    sample = run_main("sample-record", cwd=tmp_path)
    data = json.loads(sample.stdout)
    data["patient"]["given_name"] = "สมชาย"
    (tmp_path / "r.json").write_text(json.dumps(data), encoding="utf-8")
    result = run_main("render", "r.json", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Thai" in result.stderr and "Chinese" in result.stderr and PLACEHOLDER in result.stderr
    assert "Traceback" not in result.stderr and "สมชาย" not in result.stderr


def test_latin_documents_never_load_the_cjk_font() -> None:
    code = (
        "from reportlab.pdfbase import pdfmetrics\n"
        "from waypoint.content.bundle import shipped_content\n"
        "from waypoint.documents.bundle import render_documents\n"
        "from waypoint.documents.fonts import codepoints\n"
        "from waypoint.record.sample import sample_record\n"
        "render_documents(sample_record(), content=shipped_content())\n"
        "assert 'WaypointCJK' not in pdfmetrics.getRegisteredFontNames()\n"
        "print(codepoints.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"  # the four DejaVu faces' maps, not the CJK one


def test_cjk_text_breaks_between_characters_but_long_latin_answers_wrap_at_spaces() -> None:
    style = make_styles(10).body
    assert paragraph(markup("Goals: 我想在家里和家人一起度过时间"), style).style.wordWrap == "CJK"
    assert paragraph(markup("我想在家里。" * 1000), style).style.wordWrap == "CJK"
    # ReportLab's CJK wrapping is slow; a few CJK words in a long answer do not need it.
    long_latin = "I want to be at home with my dog 希望 " * 200
    assert paragraph(markup(long_latin), style).style.wordWrap != "CJK"


#: Vocalised Arabic: fatha, damma, kasra, sukun, tanwin, a shadda with a vowel on it, a hamza
#: with a vowel on it and a dagger alef ("I want to stay at home with my family; something
#: important. The Merciful").
HARAKAT = "أُرِيدُ أَنْ أَبْقَى فِي الْمَنْزِلِ مَعَ عَائِلَتِي، شَيْءٌ مُهِمٌّ. الرَّحْمَٰنِ"


def _marks(text: str) -> Counter[str]:
    return Counter(c for c in text if unicodedata.category(c) == "Mn")


def test_arabic_vowel_marks_print_and_extract_back() -> None:
    record = sample_record()
    record.conversations[0].goals.goals = HARAKAT
    docs = render_documents(record, content=shipped_content())
    for name in ("careplan.pdf", "handout.pdf"):
        text = pdf_text(docs[name])
        assert _readable(HARAKAT) in _readable(text), name
        # Every mark typed is drawn once: none dropped, none doubled.
        assert _marks(text) == _marks(HARAKAT), name


def test_a_vowel_sharing_its_letter_with_a_shadda_or_hamza_is_raised_above_it() -> None:
    style = make_styles(10).body
    para = paragraph(markup("مُهِمٌّ أُمّ"), style)
    raised = re.findall(r"<super[^>]*>(.)</super>", para.text)
    assert raised == ["\u064c", "\u064f"]  # the dammatan on the shadda, the damma on the hamza
    # Marks on letters of their own stay where the font puts them.
    assert "<super" not in paragraph(markup("مَعَ"), style).text
    # A left-to-right line is not split around its marks (its pieces are not reordered whole).
    assert "<super" not in paragraph(markup("Name: مُهِمٌّ"), style).text


def _draws(data: bytes) -> list[tuple[str, int]]:
    """(font, text render mode) of every text-showing operation on the first page."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    page = PdfReader(io.BytesIO(data)).pages[0]
    fonts = page["/Resources"]["/Font"]
    font, mode, shown = "", 0, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            font = str(fonts[operands[0]].get_object()["/BaseFont"]).split("+")[-1]
        elif operator == b"Tr":
            mode = int(operands[0])
        elif operator in (b"Tj", b"TJ"):
            shown.append((font, mode))
    return shown


def test_bold_cjk_is_drawn_thicker_and_regular_cjk_is_not() -> None:
    """WenQuanYi has no bold face: bold CJK is filled and outlined (render mode 2), as text."""
    xml = (
        "<document><h2>治疗选择</h2><p>正文在这里</p><p><b>粗体</b> and <b>bold</b></p>"
        "<p><i>斜体</i></p></document>"
    )
    data = render_pdf(xml)
    draws = _draws(data)
    cjk_modes = [mode for font, mode in draws if font.startswith("WenQuanYi")]
    assert cjk_modes == [2, 0, 2, 0]  # heading, body, <b>, <i>
    assert ("DejaVuSans-Bold", 0) in draws  # real bold faces are drawn as they are
    assert all(mode == 0 for font, mode in draws if not font.startswith("WenQuanYi"))
    text = pdf_text(data)
    for words in ("治疗选择", "正文在这里", "粗体", "斜体"):
        assert words in text
