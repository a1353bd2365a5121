"""Chinese: the report, its figures and the console verdict in zh, drawn in a
CJK font shipped by a pip package that has a glyph for every character."""

from __future__ import annotations

import base64
import io
import logging
import re
import warnings
from types import SimpleNamespace

import pandas as pd
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text
from typer.testing import CliRunner

from cases import curtailed_case, curtailed_run
from gridmodel import cli, i18n, report, units
from gridmodel.api import run_scenario
from gridmodel.periods import MEASURED, accuracy

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    return curtailed_run(tmp_path_factory.mktemp("zh"))


@pytest.fixture(scope="module")
def zh_report(run_dir):
    """The zh report, with every warning matplotlib gave while drawing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        path = report.write_report(run_dir, "zh")
    return path.read_text(encoding="utf-8"), [str(w.message) for w in caught]


def texts(fig):
    """Every non-empty text drawn in a figure (titles, labels, ticks, legends)."""
    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]


def test_the_cjk_font_comes_from_the_pip_package_not_the_system():
    path = i18n.cjk_font_path()
    assert "site-packages" in path.parts and path.suffix == ".otf"
    with i18n.language("zh"):
        assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])) == str(path)
    assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])) != str(path)  # restored after


def test_every_character_of_every_chinese_figure_has_a_glyph_in_the_font_used(run_dir):
    seen_cjk = 0
    with i18n.language("zh"):
        run = report.Run(run_dir)
        for stem, (caption, make) in report.figures(run).items():
            fig = make()
            if fig is None:
                continue
            for text in texts(fig):
                path = font_manager.findfont(text.get_fontproperties())
                charmap = FT2Font(path).get_charmap()
                missing = {ch for ch in text.get_text() if not ch.isspace() and ord(ch) not in charmap}
                assert not missing, (stem, text.get_text(), path)
                seen_cjk += bool(CJK.search(text.get_text()))
            assert CJK.search(caption), caption
    assert seen_cjk >= 10  # titles, axis labels and legends are Chinese


def test_zh_report_is_chinese_without_missing_glyphs_and_embeds_its_font(zh_report):
    page, caught = zh_report
    assert not [w for w in caught if "missing from" in w], caught
    for phrase in ("结论", "不可行", "弃风弃光率", "判据", "主要指标", "用电量", "不满足"):
        assert phrase in page, phrase
    assert "NOT FEASIBLE" not in page and "Key figures" not in page
    font = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", page)
    cmap = TTFont(io.BytesIO(base64.b64decode(font.group(1)))).getBestCmap()
    visible = re.sub(r"data:[^'\")]+", "", page)
    assert {ch for ch in visible if CJK.match(ch)} <= {chr(c) for c in cmap}
    assert len(font.group(1)) < 200_000  # the subset, not the 16 MB font


def test_english_stays_the_default(run_dir):
    page = report.write_report(run_dir).read_text(encoding="utf-8")
    assert "NOT FEASIBLE" in page and not CJK.search(page) and "@font-face" not in page


def test_every_translated_phrase_is_the_report_s_english(run_dir):
    """The table is keyed by the English text: a key that no longer matches
    the code would silently fall back to English."""
    with i18n.language("zh"):
        assert i18n.t(report.OBJECTIVE) != report.OBJECTIVE
        assert i18n.horizon("768 hours") == "768 小时"
        assert i18n.horizon("42 typical days standing for 8760 h") == "42 个典型日，代表 8760 小时"
        accuracy = "curtailment by month within ±17 %, storage -10 % of the full year on Northeast 2030 (docs/typical_days_accuracy.md)"
        assert i18n.horizon(f"50 typical days standing for 8760 h; {accuracy}") == "50 个典型日，代表 8760 小时；各月弃电与全年逐时结果相差 ±17% 以内，储能吞吐 -10%（Northeast 2030，docs/typical_days_accuracy.md）"
        assert units.money(-2.5e9) == "-25.0 亿元" and units.money(3.0e6) == "300 万元"
    assert i18n.t("FEASIBLE") == "FEASIBLE"


@pytest.mark.parametrize("provinces, region", [(["jilin", "jilin", ""], "Jilin 2030"), (["jilin", "liaoning", ""], "Northeast 2030")])
def test_a_quick_look_quotes_its_own_region_s_measured_accuracy_in_both_languages(provinces, region):
    """A Northeast quick look must not quote Jilin's (closer) months; the
    Chinese horizon carries the same two figures."""
    zones = pd.DataFrame({"zone": ["a", "b", "c"], "kind": ["internal", "internal", "external"], "province": provinces})
    text = accuracy(SimpleNamespace(tables={"zones": zones}))
    months_pct, storage_pct = MEASURED[region]
    assert text.startswith(f"curtailment by month within ±{months_pct} %, storage {storage_pct:+d} %") and region in text
    with i18n.language("zh"):
        assert f"±{months_pct}% 以内，储能吞吐 {storage_pct:+d}%（{region}" in i18n.horizon(f"50 typical days standing for 8760 h; {text}")


def test_console_verdict_in_chinese(tmp_path, caplog):
    result = run_scenario(curtailed_case(tmp_path / "case"))
    with i18n.language("zh"), caplog.at_level(logging.INFO, logger="gridmodel"):
        cli.print_verdict(result)
    out = caplog.text
    assert "不可行" in out and "未满足: 弃风弃光率" in out and "[不满足] 弃风弃光率" in out and "59.09%" in out


def test_a_bad_language_is_an_input_error(run_dir):
    res = CliRunner().invoke(cli.app, ["report", str(run_dir), "--lang", "fr"])
    assert res.exit_code == cli.EXIT_INPUT and "--lang" in res.output and "en, zh" in res.output


def test_a_second_language_is_written_beside_the_first_never_over_it(run_dir):
    """`gridmodel report RUN --lang zh` of an English run: report_zh.html,
    figures_zh/ and results_zh.xlsx beside the English files, which stay."""
    english = report.write_report(run_dir)
    before = {p: p.read_bytes() for p in [english, run_dir / "results.xlsx", *sorted((run_dir / "figures").glob("*.png"))]}
    res = CliRunner().invoke(cli.app, ["report", str(run_dir), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    assert "不可行" in (run_dir / "report_zh.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in (run_dir / "figures_zh").glob("*.png")) == sorted(p.name for p in (run_dir / "figures").glob("*.png"))
    assert "结论" in __import__("openpyxl").load_workbook(run_dir / "results_zh.xlsx").sheetnames
    assert all(p.read_bytes() == data for p, data in before.items())


def test_every_text_of_the_web_page_and_every_kpi_meaning_has_its_chinese():
    """A phrase missing from i18n.ZH would show in English on a Chinese page
    or workbook without a word: the templates' t("...") texts and the KPI
    meanings are all in the table."""
    from pathlib import Path

    from gridmodel import dictionary
    from gridmodel.web import app

    texts = {m.group(2) for page in Path(app.__file__).with_name("templates").glob("*.html") for m in re.finditer(r"""\bt\((["'])(.+?)\1""", page.read_text(encoding="utf-8"))}
    assert len(texts) > 40 and "Check and run" in texts
    assert sorted(x for x in texts | set(dictionary.KPIS.values()) if x not in i18n.ZH) == []
