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
    # corridors and export channels (links.csv, channels.csv of every data set)
    "west_central": "西部—中部断面",
    "central_east": "中部—东部断面",
    "central_neighbour": "中部—相邻电网联络线",
    "central_jilin_city": "中部—吉林市断面",
    "jilin_city_yanbian": "吉林市—延边断面",
    "jilin_city_southeast": "吉林市—通化·白山断面",
    "central_southeast": "中部—通化·白山断面",
    "central_liaoning": "吉林—辽宁联络线",
    "central_heilongjiang": "吉林—黑龙江联络线",
    "west_lugu_dc": "鲁固直流吉林分电",
    "west_south_uhv": "南送特高压通道（规划）",
    "mengdong_liaoning": "蒙东—辽宁联络线",
    "west_jarud": "吉林西部—扎鲁特联络线",
    "gaoling_btb": "高岭背靠背换流站",
    "heihe_btb": "黑河背靠背换流站",
    "gaoling": "高岭通道",
    "lugu": "鲁固直流通道",
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
    "interchange_deviation": "联络线计划偏差",
    "channel_energy_shortfall": "通道电量目标缺口",
    "contract_shortfall": "火电合同电量缺口",
    "must_run_shortfall": "火电分期最小出力缺口",
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
    "network: a province's net export outside its planned interchange band": "电网：省净送出超出联络线计划偏差范围",
    "network: channel energy short of its target": "电网：通道送电量低于目标",
    "policy: thermal generation short of its contract": "政策：火电发电量低于合同电量",
    "thermal: output short of its staged must-run": "火电：出力低于供热分期最小出力",
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
    # KPI meanings (dictionary.KPIS)
    "Load over the horizon.": "计算时段内的用电量。",
    "The scenario year's coincident peak load (of the judged province's zones, criteria.province).": "情景年的同时最大负荷（被评估省份各分区，criteria.province）。",
    "Wind energy used.": "风电实际利用电量。",
    "Solar energy used.": "光伏实际利用电量。",
    "Electricity from condensing coal units.": "纯凝煤电机组发电量。",
    "Electricity from CHP units.": "热电联产机组发电量。",
    "Electricity from biomass units.": "生物质机组发电量。",
    "Electricity from conventional hydro.": "常规水电发电量。",
    "Energy discharged by pumped hydro.": "抽水蓄能发电量。",
    "Energy drawn by pumped hydro.": "抽水蓄能抽水用电量。",
    "Energy discharged by batteries.": "电化学储能放电量。",
    "Energy drawn by batteries.": "电化学储能充电量。",
    "Wind and solar energy available.": "风电和光伏可发电量。",
    "Wind and solar energy curtailed.": "弃风弃光电量。",
    "Curtailed over available wind and solar energy.": "弃风弃光电量占风光可发电量的比例。",
    "Electricity generated (wind, solar, coal, CHP, biomass, hydro).": "总发电量（风电、光伏、煤电、热电联产、生物质、水电）。",
    "Wind, solar, hydro and biomass share of generation.": "风电、光伏、水电和生物质发电量占总发电量的比例。",
    "Coal burned for power and heat (standard coal equivalent).": "发电和供热耗煤量（标准煤）。",
    "Coal burned in physical tonnes (5,000 kcal/kg).": "耗煤量（原煤实物吨，5000 千卡/千克）。",
    "CO2 emitted.": "二氧化碳排放量。",
    "Heat supplied by CHP units.": "热电联产机组供热量。",
    "Load reduced by demand response.": "需求响应削减的负荷电量。",
    "Hours with any demand response.": "有需求响应的小时数。",
    "Load not served.": "未供电负荷电量。",
    "Reserve not held, MW x h.": "未留足的备用（MW × 小时）。",
    "Heat demand not met.": "未满足的热负荷。",
    "Energy sold to neighbours (with criteria.province: sent over the province's border links, at the sending end).": "向相邻电网的售电量（设 criteria.province 时：经省界联络线送出，按送端计）。",
    "Energy bought from neighbours (with criteria.province: received over its border links, after losses).": "从相邻电网的购电量（设 criteria.province 时：经省界联络线受入，扣除损耗）。",
    "Renewable share of exported energy (pro-rata to each hour's generation mix).": "外送电量中可再生能源占比（按各小时发电结构分摊）。",
    "Load-weighted average zonal price.": "负荷加权平均分区电价。",
    "Remedy mode: cost of the remedy, additions plus change in operating cost (hour by hour).": "补救模式：补救方案成本，即新增设施年化成本加运行成本变化（逐时校核）。",
    "Remedy mode: annualised cost of the additions.": "补救模式：新增设施年化成本。",
    "Remedy mode: change in operating cost, base -> hourly check.": "补救模式：运行成本变化（基准 → 逐时校核）。",
    "Remedy mode: plan -> hourly check rounds.": "补救模式：规划—逐时校核轮数。",
    "Remedy mode: 1 if the hourly check meets every criterion.": "补救模式：逐时校核满足全部判据时为 1。",
    "Remedy mode: energy the plan sent both ways at once through links and stores (should be 0).": "补救模式：规划中经线路和储能同时双向输送的电量（应为 0）。",
    "Electricity from gas (gas table).": "燃气发电量（gas 表）。",
    "Energy discharged by compressed_air (compressed_air table).": "压缩空气储能放电量（compressed_air 表）。",
    "Energy drawn by compressed_air (compressed_air table).": "压缩空气储能充电量（compressed_air 表）。",
    "compressed air": "压缩空气储能",
    "compressed air charge": "压缩空气储能充电",
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
    "edited": "已修改",
    "WARNING: the runs were solved in different modes ({listed}); part of every difference below is the mode's, not the inputs'. "
    "Compare runs of one mode, or check a typical-day run with a full-year one.": (
        "警告：这些计算的计算方式不同（{listed}）；下列每项差异都有一部分来自计算方式而非输入。请比较同一计算方式的结果，或用全年计算校核典型日计算。"
    ),
    # why it fails (gridmodel/binding.py)
    "Why it fails": "不可行的原因",
    "hours at limit": "满载小时数",
    "failing hours at limit": "未满足时段中满载小时数",
    "share of failing hours": "占未满足时段比例",
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
    "{name} fails: {value} {unit} against a limit of {limit} {unit}, {over} {over_unit} over.": "{name}不满足：{value} {unit}，限值 {limit} {unit}，超出 {over} {over_unit}。",
    "percentage points": "个百分点",
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
    "corridor {name}": "{name}",
    "{tech}, energy": "{tech}（储能容量）",
    "export channel {name}": "外送通道 {name}",
    # the workbook (gridmodel/excel.py): sheets, provenance, headers, source kinds
    "verdict": "结论",
    "KPIs": "主要指标",
    "capacities": "装机容量",
    "energy by month": "逐月发电量",
    "curtailment by month": "逐月弃风弃光",
    "additions": "新增设施",
    "curtailment by cause": "弃电原因分解",
    "inputs and assumptions": "输入与假设",
    "data dictionary": "数据字典",
    "scenario": "情景",
    "mode": "计算方式",
    "horizon": "计算时段",
    "version": "版本",
    "date": "日期",
    "run folder": "结果文件夹",
    "feasible (all criteria pass)": "可行（全部判据满足）",
    "margin unit": "裕度单位",
    "where and when": "发生地点与时间",
    "table": "类别",
    "name": "名称",
    "capacity": "装机容量",
    "storage energy": "储能容量",
    "total": "合计",
    "year": "全年",
    "available": "可发电量",
    "curtailed": "弃电量",
    "curtailment rate": "弃电率",
    "all zones": "全部分区",
    "candidate": "候选项",
    "kind": "类型",
    "where": "位置",
    "added": "新增",
    "annualised cost": "年化成本",
    "per unit": "每单位",
    "cause": "原因",
    "source kind": "来源类型",
    "target": "规划目标",
    "sourced": "有出处",
    "file": "文件",
    "column": "列",
    "renewables": "新能源",
    "thermal": "火电",
    "links": "线路与通道",
    "link": "线路",
    "retrofit": "灵活性改造",
    "boiler": "电锅炉",
    "electric_boiler": "电锅炉",
    "demand_response": "需求响应",
    "electrolyser": "电解槽",
    "heat_storage": "储热",
    "pumped_hydro (discharge)": "抽水蓄能（放电）",
    "battery (discharge)": "电化学储能（放电）",
    "M CNY": "百万元",
    "TWh (heat)": "TWh（热）",
    "GWh (heat)": "GWh（热）",
    "MWh (heat)": "MWh（热）",
    "Mt (raw coal)": "Mt（原煤）",
    "kt (raw coal)": "kt（原煤）",
    "t (raw coal)": "t（原煤）",
    "bn CNY": "十亿元",
    # the report's remedy section (report.remedy_html): titles and column names
    "Remedy: what meeting the criteria costs": "补救方案：满足全部判据的成本",
    "Additions of each remedy": "各补救方案的新增设施",
    "What each addition fixes (margin it moves)": "各新增设施的作用（对判据裕度的改变）",
    "Plan &rarr; hourly check rounds": "规划 &rarr; 逐时校核各轮",
    "Two-way use in the plan (should be empty)": "规划中的双向同时输送（应为空）",
    "Cost curves": "成本曲线",
    "annualised_cost_cny_per_unit": "每单位年化成本（元/年）",
    "annualised_cost_cny": "年化成本（元/年）",
    "remedy": "补救方案",
    "check_feasible": "逐时校核是否可行",
    "annualised_additions_cny": "新增设施年化成本（元/年）",
    "operating_change_cny": "运行成本变化（元/年）",
    "total_cny": "合计（元/年）",
    "margin_without": "无该设施时的裕度",
    "margin_with": "有该设施时的裕度",
    "moves": "裕度改变",
    "round": "轮次",
    "periods": "计算时段",
    "planning_curtailment_limit": "规划弃电率限值",
    "added_mw": "新增容量（MW）",
    "plan_curtailment_share": "规划弃电率",
    "check_curtailment_share": "逐时校核弃电率",
    "check_passes": "逐时校核是否通过",
    "check_failing": "逐时校核未满足的判据",
    "hours": "小时数",
    "both_ways_mwh": "双向同时输送电量（MWh）",
    "feasibility added": "可行性方案新增",
    "economic added": "经济性方案新增",
    "description": "说明",
    # the comparison (gridmodel/compare.py): sections and names
    "criterion margin": "判据裕度",
    "kpi": "指标",
    "run": "计算",
    "addition": "新增设施",
    "feasible": "是否可行",
    "objective_cny": "目标函数值",
    "section": "类别",
    "change": "变化",
    # the web page (gridmodel/web/templates, form.py)
    "compare": "对比",
    "Runs from the earliest to the latest; change is the later run minus the earlier, whatever order they were picked in.": "各次计算按时间从早到晚排列；变化为较晚一次减去较早一次，与选择的先后顺序无关。",
    "Written to {folder}:": "已写入 {folder}：",
    "criteria compared": "判据对比",
    "Pick a scenario": "选择情景",
    "Or upload one": "或上传情景文件",
    "scenario file": "情景文件",
    "Upload and check": "上传并检查",
    "Relative paths in the file (extends, tables, series) are read from data/scenarios/, as if it were saved there.": "文件中的相对路径（extends、tables、series）按保存在 data/scenarios/ 下读取。",
    "Runs started from this page": "本页启动的计算",
    "running": "计算中",
    "done": "已完成",
    "failed": "失败",
    "solved": "已求解",
    "Run folders in {out}": "{out} 中的结果文件夹",
    "none yet": "暂无",
    "running {scenario}": "正在计算 {scenario}",
    "run of {scenario}": "{scenario} 的计算",
    "State": "状态",
    "Stop": "停止",
    "The run goes on if you close this page; its folder appears under Run folders on the first page.": "关闭本页后计算仍会继续；结果文件夹会出现在首页的结果文件夹列表中。",
    "The run ended before writing a run folder (see the log above).": "计算在写出结果文件夹之前结束（见上方日志）。",
    "run folder {name}": "结果文件夹 {name}",
    "over {horizon}": "计算时段：{horizon}",
    "Downloads": "下载",
    "run folder (zip)": "结果文件夹（zip）",
    "CSVs (zip)": "CSV 文件（zip）",
    "Criteria": "判据",
    "Remedy: the cheapest additions": "补救方案：最经济的新增设施",
    "Compare with earlier runs": "与其他计算结果对比",
    "Compare": "对比",
    "none": "无",
    "run failed": "计算失败",
    "This run has not finished (no summary.json yet).": "本次计算尚未完成（还没有 summary.json）。",
    "Only the fields you change are written, into a new scenario file that extends {file}; it is checked exactly as gridmodel validate does before anything runs.": (
        "只有修改过的字段会写入一个继承 {file} 的新情景文件；计算前按 gridmodel validate 的规则完整检查。"
    ),
    "Scenario": "情景",
    "Targets": "规划目标",
    "Corridor and channel ratings": "断面与通道输送能力",
    "Run": "计算",
    "quick look: the horizon as": "快速估算：将计算时段简化为",
    "typical days plus extreme days (seconds)": "个典型日加极端日（数秒）",
    "every hour of the horizon ({days} days): the verdict": "逐时计算整个时段（{days} 天）：用于结论",
    "every hour, solved month by month: closest to one LP, about 3x the time": "逐时计算、按月分段求解：最接近一次求解，耗时约 3 倍",
    "find the cheapest fix (remedy mode)": "求最经济的补救方案（补救模式）",
    "Language of the run's report, workbook and console": "计算报告、Excel 工作簿和控制台的语言",
    "Check and run": "检查并计算",
    "Scenario name (names the run folder)": "情景名称（用于结果文件夹名）",
    "{tech} installed total": "{tech}总装机",
    "demand response, share of peak load (every programme)": "需求响应占最大负荷比例（全部项目）",
    "coal and CHP flexibility retrofit share": "煤电和热电机组灵活性改造比例",
    "export channel": "外送通道",
    "corridor": "省内断面",
    "{name} ({kind} {a} to {b})": "{name}（{kind}，{a} → {b}）",
    # console
    "VERDICT over {horizon}: {verdict}": "结论（{horizon}）：{verdict}",
    "REMEDY: {used} of {total} candidates used, annualised cost {cost}": "补救方案：{total} 个候选项中采用 {used} 个，年化成本 {cost}",
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
    (
        re.compile(r"^(\d+) typical days standing for (\d+) h; curtailment by month within ±(\d+) %, storage ([+-]\d+) % of the full year on (.+) \((.+)\)$"),
        "{0} 个典型日，代表 {1} 小时；各月弃电与全年逐时结果相差 ±{2}% 以内，储能吞吐 {3}%（{4}，{5}）",
    ),
    (re.compile(r"^(\d+) hours$"), "{0} 小时"),
)
"""results.horizon_text's two forms, in Chinese."""

_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("gridmodel_lang", default="en")


def current() -> str:
    return _LANG.get()


def t(text: str, **values) -> str:
    """`text` in the current language, with `values` filled in."""
    return translate(current(), text, **values)


def translate(lang: str, text: str, **values) -> str:
    """`text` in `lang` (for the web page, whose language is the request's)."""
    out = ZH.get(text, text) if lang == "zh" else text
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


def check(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"language {lang!r}: must be one of {', '.join(LANGS)}")
    return lang


@contextmanager
def speaking(lang: str):
    """Write text in `lang` inside (no figures: the web page's requests)."""
    token = _LANG.set(check(lang))
    try:
        yield
    finally:
        _LANG.reset(token)


@contextmanager
def language(lang: str):
    """Write text in `lang` inside; matplotlib gets the CJK font for zh."""
    import matplotlib

    with speaking(lang), matplotlib.rc_context(font_rc(lang)):
        yield


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
