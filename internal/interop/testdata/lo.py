"""LibreOffice as a reader of the interop test (internal/interop): one soffice process for all files.

  lo.py SOFFICE PROFILE XLSX_DIR CSV_DIR CSV_OPTIONS FILE...

starts soffice headless with its own profile, opens every FILE once and saves it twice, as LibreOffice's
xlsx (XLSX_DIR/NAME.xlsx) and as csv with the filter options CSV_OPTIONS (every sheet: CSV_DIR/NAME-SHEET.csv),
the files `soffice --convert-to` writes, from one load instead of one process per format. Needs python3-uno.
A file LibreOffice cannot open or save is an error (exit status 1). On SIGTERM soffice is killed too.
"""
import os
import signal
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def main(soffice, profile, xdir, cdir, csv_options, files):
    pipe = "nianbao-interop-%d" % os.getpid()
    proc = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
                             "-env:UserInstallation=" + url(profile), "--accept=pipe,name=%s;urp;" % pipe],
                            start_new_session=True, stdout=subprocess.DEVNULL)

    def kill(*_):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        sys.exit("lo.py: stopped")

    signal.signal(signal.SIGTERM, kill)
    try:
        ctx = uno.getComponentContext()
        resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
        deadline = time.monotonic() + 60
        while True:
            try:
                remote = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("soffice did not start (exit %s)" % proc.poll())
                time.sleep(0.1)
        desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        os.makedirs(xdir, exist_ok=True)
        os.makedirs(cdir, exist_ok=True)
        for f in files:
            base = os.path.splitext(os.path.basename(f))[0]
            doc = desktop.loadComponentFromURL(url(f), "_blank", 0, props(Hidden=True))
            if doc is None:
                raise RuntimeError("LibreOffice could not open " + f)
            try:
                doc.storeToURL(url(os.path.join(xdir, base + ".xlsx")), props(FilterName="Calc MS Excel 2007 XML"))
                doc.storeToURL(url(os.path.join(cdir, base + ".csv")),
                               props(FilterName="Text - txt - csv (StarCalc)", FilterOptions=csv_options))
            finally:
                doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down as soffice quits
            pass
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6:])
