// Package interop holds the real-reader test suite (issue 16): every kind of workbook nianbao writes —
// blank templates of both versions, pre-filled templates, annotated copies of files written by our
// template, LibreOffice, openpyxl and pandas (with and without a theme part), the summary, the web page's
// findings workbook and the rosters — is opened by openpyxl (normal, read-only, data-only), pandas (all
// sheets), exceljs and LibreOffice (to xlsx and csv), and every part is checked at the XML level. The
// package has no code besides its tests; testdata/readers.py and testdata/readers.js are the harnesses,
// run once each over the whole corpus.
//
// The readers are found as: /usr/bin/python3 (with python3-openpyxl and python3-pandas), node with exceljs
// in .ci/node_modules (`npm install --prefix .ci exceljs`) or NIANBAO_NODE_MODULES, and soffice. A missing
// reader skips its part of the suite unless NIANBAO_REQUIRE_READERS=1 (set by .ci/run) or, for LibreOffice,
// NIANBAO_REQUIRE_SOFFICE=1.
package interop
