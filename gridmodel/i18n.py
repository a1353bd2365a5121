"""English and Chinese text for people: the report, its figures and the
console verdict. One table, `ZH`, holds every translation: technology,
criterion, KPI and zone names (zones keep their pinyin/English ids in files;
only what is shown is translated) and the report's fixed phrases. A text
missing from it is shown in English.

`language(lang)` sets the language of what is written inside it and, for
Chinese, a CJK font for matplotlib: Noto Sans CJK SC as shipped by the
`mplfonts` package (SIL Open Font Licence), registered by file path, so no
system font is needed. `font_face_css(text)` embeds the same font, cut down
to the characters of the page (fontTools), in the HTML report, so it reads
the same on any machine.
"""

from __future__ import annotations

import base64
import contextvars
import io
import re
from contextlib import contextmanager
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

LANGS = ("en", "zh")
CJK_FONT = "NotoSansCJKsc-Regular.otf"

ZH: dict[str, str] = {
    # technologies and supply parts (figure legends, tables)
    "coal": "煤电",
    "chp": "热电联产",
    "biomass": "生物质发电",
    "hydro": "常规水电",
    "wind": "风电",
    "solar": "光伏",
    "storage": "储能",
    "pumped_hydro": "抽水蓄能",
    "battery": "电化学储能",
    "imports": "购入电力",
    "demand response": "需求响应",
    "unserved": "失负荷",
    "storage charge": "储能充电",
    "exports": "外送",
    "electrolysers": "电解制氢",
    "load": "负荷",
    # zones (data/jilin/zones.csv, data/northeast/*/zones.csv, data/example/zones.csv)
    "west": "白城·松原",
    "central": "长春·四平·辽源",
    "jilin_city": "吉林市",
    "southeast": "通化·白山",
    "yanbian": "延边",
    "liaoning": "辽宁",
    "heilongjiang": "黑龙江",
    "mengdong": "蒙东",
    "north_china": "华北",
    "shandong": "山东",
    "russia": "俄罗斯",
    "lugu_dc": "鲁固直流",
    "south_uhv": "南送特高压通道",
    "east": "东部",
    "neighbour": "相邻电网",
    # criteria: name, then description
    "unserved_energy": "失负荷电量",
    "reserve_shortfall": "备用不足",
    "curtailment_share": "弃风弃光率",
    "heat_shortfall": "供热缺口",
    "export_renewable_share": "外送电量中可再生能源占比",
    "chp_commitment_shortfall": "热电机组以热定电开机不足",
    "min_online_shortfall": "分区最小开机不足",
    "down_reserve_shortfall": "下调备用不足",
    "channel_schedule_gap": "通道日计划偏差",
    "channel_energy_shortfall": "通道电量目标缺口",
    "contract_shortfall": "火电合同电量缺口",
    "coal_tce": "燃煤量",
    "co2_t": "二氧化碳排放",
    "adequacy: load not served": "充裕性：未供电负荷",
    "adequacy: operating reserve not held": "充裕性：未留足运行备用",
    "renewable utilisation: wind+solar curtailed / available": "新能源利用：弃风弃光电量 / 可发电量",
    "heat: CHP heat demand not met": "供热：热电联产热负荷未满足",
    "network: renewable share of exported energy": "电网：外送电量中可再生能源占比",
    "heat: CHP online capacity short of its heat-led commitment": "供热：热电机组开机容量低于以热定电要求",
    "security: online thermal short of a zone's minimum": "安全：分区火电开机低于最小开机方式",
    "security: downward reserve not held": "安全：未留足下调备用",
    "network: channel delivery short of its daily schedule": "电网：通道送电低于日计划",
    "network: channel energy short of its target": "电网：通道送电量低于目标",
    "policy: thermal generation short of its contract": "政策：火电发电量低于合同电量",
    "policy: coal burned (cap pro-rated to the horizon)": "政策：燃煤量（上限按时段折算）",
    "policy: CO2 emitted (cap pro-rated to the horizon)": "政策：二氧化碳排放（上限按时段折算）",
    # KPIs
    "load_mwh": "用电量",
    "peak_load_mw": "最大负荷",
    "wind_mwh": "风电发电量",
    "solar_mwh": "光伏发电量",
    "coal_mwh": "煤电发电量",
    "chp_mwh": "热电联产发电量",
    "biomass_mwh": "生物质发电量",
    "hydro_mwh": "常规水电发电量",
    "pumped_hydro_discharge_mwh": "抽水蓄能发电量",
    "pumped_hydro_charge_mwh": "抽水蓄能抽水电量",
    "battery_discharge_mwh": "电化学储能放电量",
    "battery_charge_mwh": "电化学储能充电量",
    "available_wind_solar_mwh": "风光可发电量",
    "curtailment_mwh": "弃风弃光电量",
    "generation_mwh": "总发电量",
    "renewable_share_of_generation": "可再生能源发电占比",
    "coal_t_raw": "原煤消耗量",
    "heat_chp_mwh_th": "热电联产供热量",
    "demand_response_mwh": "需求响应电量",
    "demand_response_hours": "需求响应小时数",
    "unserved_mwh": "未供电量",
    "reserve_shortfall_mwh": "备用不足量",
    "heat_shortfall_mwh_th": "供热缺口量",
    "export_mwh": "外送电量",
    "import_mwh": "购入电量",
    "load_weighted_price_cny_per_mwh": "负荷加权平均电价",
    "remedy_total_cny_per_year": "补救方案总成本",
    "remedy_annualised_additions_cny_per_year": "新增设施年化成本",
    "remedy_operating_change_cny_per_year": "运行成本变化",
    "remedy_rounds": "规划-逐时校核轮数",
    "remedy_check_feasible": "逐时校核是否可行",
    "remedy_two_way_mwh": "双向同时输送电量",
    # the report's fixed phrases
    "gridmodel run: {name}": "gridmodel 计算结果：{name}",
    "FEASIBLE": "可行",
    "NOT FEASIBLE": "不可行",
    "failing": "未满足",
    "pass": "满足",
    "FAIL": "不满足",
    "Verdict": "结论",
    "Criteria (margin &ge; 0 passes)": "判据（裕度 ≥ 0 为满足）",
    "criterion": "判据",
    "what": "含义",
    "value": "数值",
    "limit": "限值",
    "margin": "裕度",
    "unit": "单位",
    "result": "结果",
    "KPI": "指标",
    "meaning": "说明",
    "Key figures": "主要指标",
    "Every province (the verdict and the key figures are those of the judged one)": "各省（判定与主要指标均为被评估省份的）",
    "Figures": "图表",
    "Curtailment by cause": "弃电原因分解",
    "Remedy: {used} of {total} candidates, {cost} M CNY a year": "补救方案：{total} 个候选项中采用 {used} 个，年化成本 {cost} 百万元",
    "{horizon}, {first} to {last}; solver {status}; objective {objective}.": "{horizon}，{first} 至 {last}；求解状态 {status}；目标函数 {objective}。",
    "The objective is the operating cost over the horizon (fuel, start-ups, imports, demand response, "
    "penalties on unserved energy and shortfalls, and the annualised cost of any remedy additions) "
    "net of the revenue from exports and hydrogen; it can therefore be negative.": (
        "目标函数为计算时段内的运行成本（燃料、启动、购电、需求响应、失负荷及各类缺口的罚金，以及补救新增设施的年化成本），"
        "扣除外送电和氢气收入，因此可能为负值。"
    ),
    # the headline, the mode and the remedy's latitude (gridmodel/headline.py)
    "NOT FEASIBLE as planned ({why})": "按规划不可行（{why}）",
    "FEASIBLE as planned": "按规划可行",
    "FEASIBLE as planned ({why})": "按规划可行（{why}）",
    "feasible with {additions} for {cost}/a (checked hour by hour: {checked})": "新增 {additions} 后可行，年成本 {cost}（逐时校核：{checked}）",
    "with {additions} for {cost}/a still NOT FEASIBLE hour by hour ({checked})": "新增 {additions}（年成本 {cost}）后逐时校核仍不可行（{checked}）",
    "the remedy adds nothing": "补救方案无需新增设施",
    "; ": "；",
    ", ": "、",
    ".": "。",
    "every criterion passes": "全部判据满足",
    "{n} more": "另 {n} 项",
    "mode not recorded (an older run)": "未记录计算方式（较早的计算结果）",
    "Solved as {what}: good for {good}.": "计算方式：{what}；适用于：{good}。",
    "The remedy was planned on {planned} and checked as {checked}.": "补救方案基于{planned}规划，并以{checked}校核。",
    "one LP over the horizon": "全时段一次线性规划",
    "everything: the exact optimum, hour by hour": "全部结果：逐时的精确最优解",
    "weekly windows carried through the horizon": "按周分窗口逐段求解全时段",
    "monthly windows carried through the horizon": "按月分窗口逐段求解全时段",
    "the verdict and the year's and months' figures (Jilin 2030's year: cost within 0.12 % of one LP)": "结论及全年、逐月指标（吉林 2030 年全年：成本与一次求解相差 0.12 % 以内）",
    "the verdict and the year's and months' figures (Jilin 2030's year: cost within 0.01 % of one LP)": "结论及全年、逐月指标（吉林 2030 年全年：成本与一次求解相差 0.01 % 以内）",
    "{days}-day windows carried through the horizon": "按 {days} 天分窗口逐段求解全时段",
    "the verdict and the horizon's totals": "结论及全时段合计",
    "{days} typical days standing for the horizon": "以 {days} 个典型日代表全时段",
    "annual totals (a quick look); not months, storage use or the hour-by-hour verdict": "全年合计（快速估算）；不适用于逐月结果、储能利用或逐时结论",
    "(from typical days: the months are approximate, only the annual totals hold)": "（由典型日得出：逐月数值仅为近似，只有全年合计可靠）",
    "The cost is robust, the mix is a range: planned on 24 / 40 / 64 typical days, Jilin 2030's feasibility remedy "
    "costs −1.86 / −1.92 / −1.93 bn CNY/a while its west–central addition is +4.9 / +5.8 / +6.6 GW (issue 31). "
    "Quote the cost; take the additions as one of several near-equal mixes.": (
        "成本稳健，新增组合只是一个区间：以 24 / 40 / 64 个典型日规划时，吉林 2030 年可行性补救方案的年成本为 −18.6 / −19.2 / −19.3 亿元，"
        "而西电东送（西部—中部）断面扩容分别为 +4.9 / +5.8 / +6.6 GW（issue 31）。可引用其成本；新增设施应视为若干成本相近组合之一。"
    ),
    "Remedy runs of these inputs planned on {plans}: cost {costs}/a; {mix}.": "相同输入、不同规划方式的补救方案（{plans}）：年成本 {costs}；{mix}。",
    "Key figures of the remedy's plan ({mode})": "补救方案规划模型的主要指标（{mode}）",
    # why it fails (gridmodel/binding.py)
    "Why it fails": "不可行的原因",
    "link": "断面/通道",
    "hours at limit": "满载小时数",
    "failing hours at limit": "未满足时段中满载小时数",
    "share of failing hours": "占未满足时段比例",
    "corridor": "省内断面",
    "export channel": "外送通道",
    "{link} ({kind}, {cap}) at its limit in {share} of them ({hours} h over the horizon)": "{link}（{kind}，{cap}）在其中 {share} 的小时满载（全时段共 {hours} 小时）",
    "{criterion} fails in {hours} h: {limits}.": "{criterion}在 {hours} 小时内未满足：{limits}。",
    "{criterion} fails in {hours} h with no link at its limit: the surplus is the whole system's, not a corridor's.": "{criterion}在 {hours} 小时内未满足，其间没有断面满载：盈余属于整个系统，而非某一断面受限。",
    "The rating of {link} is an estimate (data/README.md)": "{link}的输电能力为估计值（见 data/README.md）",
    "; {sweep} sweeps it.": "；{sweep} 对其做了敏感性扫描。",
    "Wind and solar ({cap}): the curtailment is theirs, {curtailed} of {available} available; more of them in {zones} adds to it while the limits above bind.": "风电光伏（{cap}）：弃电均来自风光，可发 {available} 中弃 {curtailed}；在上述断面受限时，{zones}再增加风光只会增加弃电。",
    "{label} ({power}): called {hours} h ({energy}), {failing} h of them in the failing hours": "{label}（{power}）：调用 {hours} 小时（{energy}），其中 {failing} 小时在未满足时段",
    "; it lowers load, so it cannot lower curtailment.": "；它削减负荷，因此不能降低弃电。",
    "{label} ({power}): {full_load} full-load hours of discharge over the horizon; ": "{label}（{power}）：全时段放电等效满功率小时数 {full_load}；",
    "charged {energy} in the failing hours (at full power in {full} h)": "未满足时段内充电 {energy}（满功率 {full} 小时）",
    "discharged {energy} in the failing hours (at full power in {full} h)": "未满足时段内放电 {energy}（满功率 {full} 小时）",
    "; it sits beyond the binding limits from {zones}, so it cannot take their surplus.": "；它位于受限断面另一侧，无法消纳{zones}的盈余电力。",
    "Cheapest fix found (remedy mode; the criteria below are the system's as it is, without it): {items}, costing {cost} a year (annualised additions and change in operating cost).": "最经济的补救方案（补救模式；下列判据为现状系统、未建该方案时的结果）：{items}，年成本 {cost}（新增设施年化成本加运行成本变化）。",
    # curtailment causes (attribution.LABELS)
    "network limits (intra-provincial lines)": "电网约束（省内线路）",
    "coal/CHP minimum load and heat-led operation": "煤电/热电最小出力及以热定电",
    "storage power/energy limits": "储能功率/容量约束",
    "export channel limits": "外送通道约束",
    "plain surplus (remains with all relaxed)": "纯粹过剩（全部放开后仍有）",
    # figure captions, titles and axes
    "Dispatch in the week around the peak load hour": "最大负荷所在周的电力平衡",
    "Dispatch in the week of lowest net load (load less available wind and solar)": "净负荷（负荷减风光可发电力）最低周的电力平衡",
    "Pumped hydro and battery state of charge": "抽水蓄能和电化学储能的蓄能状态",
    "Monthly curtailment by zone": "各分区逐月弃风弃光电量",
    "Load and net-load duration curves": "负荷与净负荷持续曲线",
    "Network map with the energy each link carried": "电网示意图及各通道输送电量",
    "Dispatch, peak-load week": "电力平衡：最大负荷周",
    "Dispatch, lowest net-load week": "电力平衡：最低净负荷周",
    "{tech} state of charge": "{tech}蓄能状态",
    "GWh curtailed": "弃电量（GWh）",
    "month": "月份",
    "Wind and solar curtailment by month and zone": "各分区逐月弃风弃光电量",
    "representative days (each stands for several days of the year)": "典型日（每个代表全年若干天）",
    "hours (sorted)": "小时（按大小排序）",
    "load - available wind & solar": "负荷 − 风光可发电力",
    "load - used wind & solar": "负荷 − 风光实发电力",
    "longitude (deg)": "经度（度）",
    "latitude (deg)": "纬度（度）",
    "Energy carried over the horizon (width, TWh; arrow: net direction)\nblue: lines, red: export channels": "计算时段内输送电量（线宽，TWh；箭头：净流向）\n蓝色：省内线路，红色：外送通道",
    "Curtailment by cause (Shapley values; total {total} GWh)": "弃电原因分解（Shapley 值；合计 {total} GWh）",
    # the finding and the key inputs (gridmodel/finding.py)
    "{name} fails: {value} {unit} against a limit of {limit} {unit}, {over} {unit} over.": "{name}不满足：{value} {unit}，限值 {limit} {unit}，超出 {over} {unit}。",
    "Mostly in {zones}; worst months {months}; worst hour {hour} ({amount}).": "主要发生在{zones}；最严重的月份为{months}；最严重时刻为 {hour}（{amount}）。",
    "Remedy mode added nothing: the plan meets the criteria as it is.": "补救模式未新增任何设施：规划本身已满足全部判据。",
    "Cheapest fix found (remedy mode; the verdict above is with it built): {items}, costing {cost} a year (annualised additions and change in operating cost).": "最经济的补救方案（补救模式；上述结论为建成该方案后的结果）：{items}，年成本 {cost}（新增设施年化成本加运行成本变化）。",
    "Checked hour by hour, it meets every criterion.": "经逐时校核，满足全部判据。",
    "Checked hour by hour, it still fails a criterion (hourly_check/).": "经逐时校核，仍有判据未满足（见 hourly_check/）。",
    "Over {horizon} the plan is NOT FEASIBLE: {k} of {n} criteria fail.": "计算时段（{horizon}）内，该规划不可行：{n} 项判据中有 {k} 项未满足。",
    "Over {horizon} the plan is FEASIBLE: all {n} criteria pass; the tightest is {name}, {value} {unit} against a limit of {limit} {unit}.": "计算时段（{horizon}）内，该规划可行：{n} 项判据全部满足；最接近限值的是{name}，{value} {unit}，限值 {limit} {unit}。",
    "No remedy was computed in this run: `gridmodel run --expand` finds the cheapest fix.": "本次未计算补救方案：`gridmodel run --expand` 可求出最经济的补救方案。",
    "Finding": "主要结论",
    "{name}: where and when": "{name}：发生地点与时间",
    "by zone": "按分区",
    "by month": "按月份",
    "zone": "分区",
    "hour": "时刻",
    "amount": "数量",
    "share": "占比",
    "Key inputs": "主要输入",
    "input": "输入项",
    "note": "备注",
    "estimate": "估计值",
    "scenario target (capacity_totals_mw)": "情景目标值（capacity_totals_mw）",
    "load over the horizon": "计算时段用电量",
    "peak load": "最大负荷",
    "demand response (share of peak load)": "需求响应（占最大负荷比例）",
    "flexibility retrofit (share of thermal capacity)": "灵活性改造（占火电装机比例）",
    "corridor {name}": "省内断面 {name}",
    "export channel {name}": "外送通道 {name}",
    # console
    "VERDICT over {horizon}: {verdict}": "结论（{horizon}）：{verdict}",
    "zones": "分区",
    "months": "月份",
    "worst hours": "最严重时刻",
    "nonzero in {hours} h": "共 {hours} 小时",
    "curtailment {curtailment} | renewable share of generation {renewable} | coal {coal} | CO2 {co2} | unserved {unserved}": (
        "弃风弃光率 {curtailment} | 可再生能源发电占比 {renewable} | 燃煤 {coal} | 二氧化碳 {co2} | 失负荷 {unserved}"
    ),
}
"""English text (or an id) -> Chinese."""

HORIZONS = (
    (re.compile(r"^(\d+) typical days standing for (\d+) h$"), "{0} 个典型日，代表 {1} 小时"),
    (re.compile(r"^(\d+) hours$"), "{0} 小时"),
)
"""results.horizon_text's two forms, in Chinese."""

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("gridmodel_lang", default="en")


def current() -> str:
    return _LANG.get()


def t(text: str, **values) -> str:
    """`text` in the current language, with `values` filled in."""
    out = ZH.get(text, text) if current() == "zh" else text
    return out.format(**values) if values else out


def name(key) -> str:
    """A zone, technology, criterion or KPI id as shown."""
    return t(str(key))


def horizon(text: str) -> str:
    """'168 hours' / '42 typical days standing for 8760 h' in the current language."""
    if current() == "zh":
        for pattern, zh in HORIZONS:
            m = pattern.match(text)
            if m:
                return zh.format(*m.groups())
    return text


def money(cny: float) -> str:
    """'1.37 bn CNY'; in Chinese in 亿元 (1e8) or 万元 (1e4), as Chinese
    figures are given."""
    from .units import number, quantity

    if current() != "zh":
        return quantity(cny, "CNY")
    factor, label = (1e8, "亿元") if abs(cny) >= 1e8 else (1e4, "万元")
    return f"{number(cny / factor)} {label}"


def check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: must be one of {', '.join(LANGS)}")
    return lang


@contextmanager
def language(lang: str):
    """Write text in `lang` inside; matplotlib gets the CJK font for zh."""
    import matplotlib

    token = _LANG.set(check(lang))
    try:
        with matplotlib.rc_context(font_rc(lang)):
            yield
    finally:
        _LANG.reset(token)


def cjk_font_path() -> Path:
    return Path(str(files("mplfonts") / "fonts" / CJK_FONT))


@lru_cache(maxsize=1)
def cjk_family() -> str:
    """Register the pip-shipped CJK font with matplotlib; its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def font_rc(lang: str) -> dict:
    import matplotlib

    if lang != "zh":
        return {}
    return {"font.family": "sans-serif", "font.sans-serif": [cjk_family(), *matplotlib.rcParams["font.sans-serif"]]}


def font_face_css(text: str, family: str = "gridmodel-cjk") -> str:
    """An @font-face rule embedding the CJK font cut down to the characters
    of `text` (a few dozen kB instead of 16 MB)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    buffer = io.BytesIO()
    with TTFont(str(cjk_font_path()), lazy=True) as font:
        subsetter = subset.Subsetter(subset.Options())
        subsetter.populate(text="".join(sorted(set(text))))
        subsetter.subset(font)
        font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"@font-face{{font-family:'{family}';src:url(data:font/otf;base64,{data}) format('opentype')}}body{{font-family:'{family}',sans-serif}}"
