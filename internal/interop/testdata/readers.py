"""Real-reader harness of the interop test (internal/interop): one process for all files.

  readers.py prep SRC OUTDIR   write SRC re-saved by openpyxl (openpyxl.xlsx) and its sheets written by
                               pandas (pandas.xlsx), the way a clerk's script returns a workbook
  readers.py read LIST.json    read every workbook of the list with openpyxl (normal, read_only,
                               data_only) and pandas (all sheets); print one JSON document

Every cell is reported as [type, value]: "n" number, "s" text, "b" boolean, "d" date, "f" formula text.
Warnings are recorded per reader, exceptions as errors; nothing is filtered.
"""
import datetime
import json
import math
import sys
import traceback
import warnings

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter


def norm(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return ["b", v]
    if isinstance(v, (int, float)):
        if isinstance(v, float) and math.isnan(v):
            return None
        return ["n", float(v)]
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return ["d", v.isoformat()]
    if isinstance(v, str) and v.startswith("="):
        return ["f", v[1:]]
    return ["s", str(v)]


def sheets_openpyxl(path, **kw):
    wb = openpyxl.load_workbook(path, **kw)
    out = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells[c.coordinate] = norm(c.value)
        info = {"cells": cells, "state": ws.sheet_state}
        if kw.get("read_only"):
            info["dimension"] = ws.calculate_dimension() if cells else ""
        out[ws.title] = info
    if kw.get("read_only"):
        wb.close()
    return out


def sheets_pandas(path):
    frames = pd.read_excel(path, sheet_name=None, header=None)
    out = {}
    for name, df in frames.items():
        cells = {}
        for i, row in enumerate(df.itertuples(index=False)):
            for j, v in enumerate(row):
                n = norm(v)
                if n is not None:
                    cells[get_column_letter(j + 1) + str(i + 1)] = n
        out[name] = {"cells": cells}
    return out


READERS = {
    "openpyxl": lambda p: sheets_openpyxl(p),
    "openpyxl-read-only": lambda p: sheets_openpyxl(p, read_only=True),
    "openpyxl-data-only": lambda p: sheets_openpyxl(p, data_only=True),
    "pandas": sheets_pandas,
}


def read(list_path):
    with open(list_path, encoding="utf-8") as f:
        jobs = json.load(f)
    result = {}
    for job in jobs:
        path, readers = job["path"], job["readers"]
        entry = {}
        for r in readers:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                got = {}
                try:
                    got["sheets"] = READERS[r](path)
                except Exception as e:  # a reader refusing our file is what the test reports
                    got["error"] = "%s: %s" % (type(e).__name__, e)
                    got["trace"] = traceback.format_exc(limit=3)
            got["warnings"] = [str(w.message) for w in caught]
            entry[r] = got
        result[path] = entry
    json.dump(result, sys.stdout, ensure_ascii=False)


def prep(src, outdir):
    wb = openpyxl.load_workbook(src)
    wb.save(outdir + "/openpyxl.xlsx")
    frames = pd.read_excel(src, sheet_name=None, header=None)
    with pd.ExcelWriter(outdir + "/pandas.xlsx") as w:
        for name, df in frames.items():
            df.to_excel(w, sheet_name=name, header=False, index=False)


if __name__ == "__main__":
    if sys.argv[1] == "prep":
        prep(sys.argv[2], sys.argv[3])
    else:
        read(sys.argv[2])
