// Real-reader harness of the interop test (internal/interop): exceljs reads every workbook named in the
// JSON list given as argv[3] and prints one JSON document, cells as [type, value] like readers.py
// ("n" number, "s" text, "b" boolean, "d" date, "e" error), formula cells with their formula ("f") and
// cached result. argv[2] is the node_modules folder holding exceljs. Warnings printed through console
// are recorded, exceptions reported as errors.
const path = require('path');
const fs = require('fs');
const ExcelJS = require(path.join(process.argv[2], 'exceljs'));

function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return ['n', v];
  if (typeof v === 'boolean') return ['b', v];
  if (typeof v === 'string') return ['s', v];
  if (v instanceof Date) return ['d', v.toISOString()];
  if (v.richText) return ['s', v.richText.map((r) => r.text).join('')];
  if (v.error) return ['e', v.error];
  if (v.text !== undefined && v.hyperlink !== undefined) return norm(v.text);
  return ['?', JSON.stringify(v)];
}

async function main() {
  const jobs = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
  const result = {};
  let warnings = [];
  for (const k of ['warn', 'error', 'log']) {
    console[k] = (...args) => warnings.push(args.join(' '));
  }
  for (const job of jobs) {
    warnings = [];
    const got = {};
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(job.path);
      const sheets = {};
      wb.eachSheet((ws) => {
        const cells = {};
        ws.eachRow({ includeEmpty: false }, (row) => {
          row.eachCell({ includeEmpty: false }, (cell) => {
            if (cell.isMerged && cell.master.address !== cell.address) return; // shows its master's value
            const v = cell.value;
            if (v !== null && typeof v === 'object' && (v.formula !== undefined || v.sharedFormula !== undefined)) {
              // cell.result, not v.result: the value's copy drops a result of 0 (exceljs 4.4 _copyModel)
              cells[cell.address] = ['f', v.formula || v.sharedFormula, norm(cell.result)];
            } else {
              const n = norm(v);
              if (n !== null) cells[cell.address] = n;
            }
          });
        });
        sheets[ws.name] = { cells, state: ws.state };
      });
      got.sheets = sheets;
    } catch (e) {
      got.error = String(e && e.stack ? e.stack : e);
    }
    got.warnings = warnings;
    result[job.path] = { exceljs: got };
  }
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e));
  process.exit(1);
});
