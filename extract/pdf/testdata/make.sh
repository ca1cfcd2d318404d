#!/usr/bin/env bash
# Regenerates the PDFs of this folder (they are committed; tests never run this). Needs LibreOffice,
# Chromium, poppler-utils (pdftoppm), qpdf and a Chinese font (Debian: fonts-wqy-zenhei), and
# the shared real-reports folder for 001 (REAL=dir, default /work/shared/real-reports).
#
#   seeds:  go test ./extract -run TestWritePDFSources -pdfsrc DIR writes each seed as HTML and .docx;
#           *_lo_thead.pdf, *_chromium_thead.pdf  the same from HTML whose 表三 header rows are a <thead>,
#                         repeated on every page the table continues on
#           *_lo.pdf      LibreOffice Writer from the HTML (border=1 tables: ruled, simple TrueType subsets
#                         with ToUnicode)
#           *_lodocx.pdf  LibreOffice Writer from the .docx (tables without borders)
#           001_*_lodocx_nogrid.pdf  kept from an earlier .docx without <w:tblGrid> (not regenerated): LibreOffice
#                         lays gridSpan cells on too few columns, numbers land under other headers
#           *_chromium.pdf Chromium --print-to-pdf of the HTML (CID TrueType, Identity-H, ToUnicode)
#           *_lo_noborder.pdf, *_chromium_noborder.pdf  (001 and 004) the HTML with border="0": tables
#                         without ruling lines, laid out correctly (cells spanning columns), blank cells
#   001:    001_chromium_type3.pdf is ../shared/real-reports/001.pdf as published (Chromium, Type 3 fonts);
#           001_lo.pdf and 001_chromium.pdf are 001.html printed here
#   001_lo_objstm.pdf  001_lo.pdf rewritten by qpdf with object streams, a cross-reference stream and
#                  linearization, as Word and web-optimised PDFs are
#   scan.pdf       page 5 of 001_chromium.pdf rendered by pdftoppm to PNG, printed alone by Chromium (an
#                  image and no text)
#   encrypted_user.pdf   qpdf --encrypt with a user password (AES-256, revision 6): the password is asked for
#   encrypted256_r5.pdf  qpdf --encrypt with an empty user password, AES-256 revision 5: opens and reads
#   encrypted256_objstm.pdf  the same, revision 6, object streams, restricted permissions (only a
#                  permissions password, as WPS 文字 and Word write it): opens and reads
#   encrypted_user128.pdf the same with AES-128: the password is asked for
#   encrypted_empty.pdf  qpdf --encrypt with an empty user password (AES-128): opens and reads
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$here/../../..
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
office() { soffice --headless --norestore "-env:UserInstallation=file://$tmp/profile" "$@" >/dev/null 2>&1; }
chrome() { chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$1" "$2" 2>/dev/null; }

mkdir -p "$tmp/nb"
(cd "$root" && go test ./extract -run TestWritePDFSources -count=1 -pdfsrc "$tmp/src" >/dev/null)
for f in "$tmp"/src/*_thead.html; do
  b=$(basename "$f" .html)
  office --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$tmp/lo" "$f"
  mv "$tmp/lo/$b.pdf" "$here/${b%_thead}_lo_thead.pdf"
  chrome "$here/${b%_thead}_chromium_thead.pdf" "$f"
  rm "$f"
done
for f in "$tmp"/src/*.html; do
  b=$(basename "$f" .html)
  office --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$tmp/lo" "$f"
  mv "$tmp/lo/$b.pdf" "$here/${b}_lo.pdf"
  office --convert-to pdf --outdir "$tmp/lodocx" "$tmp/src/$b.docx"
  mv "$tmp/lodocx/$b.pdf" "$here/${b}_lodocx.pdf"
  chrome "$here/${b}_chromium.pdf" "$f"
  case $b in 001_*|004_*)
    sed 's/border="1"/border="0"/g' "$f" >"$tmp/nb/$b.html"
    office --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$tmp/nb" "$tmp/nb/$b.html"
    mv "$tmp/nb/$b.pdf" "$here/${b}_lo_noborder.pdf"
    chrome "$here/${b}_chromium_noborder.pdf" "$tmp/nb/$b.html" ;;
  esac
done

real=${REAL:-$root/../../shared/real-reports}
cp "$real/001.pdf" "$here/001_chromium_type3.pdf"
cp "$real/001.html" "$tmp/001.html"
office --infilter="HTML (StarWriter)" --convert-to pdf:writer_pdf_Export --outdir "$tmp/lo" "$tmp/001.html"
mv "$tmp/lo/001.pdf" "$here/001_lo.pdf"
chrome "$here/001_chromium.pdf" "$tmp/001.html"

pdftoppm -f 5 -l 5 -r 100 -png -singlefile "$here/001_chromium.pdf" "$tmp/scan"
echo '<html><body style="margin:0"><img src="scan.png" style="width:100%"></body></html>' >"$tmp/scan.html"
chrome "$here/scan.pdf" "$tmp/scan.html"

qpdf --object-streams=generate --linearize "$here/001_lo.pdf" "$here/001_lo_objstm.pdf"
qpdf --encrypt secret owner 256 -- "$here/001_chromium.pdf" "$here/encrypted_user.pdf"
qpdf --encrypt "" owner 128 --use-aes=y -- "$here/001_chromium.pdf" "$here/encrypted_empty.pdf"
qpdf --allow-weak-crypto --encrypt "" owner 256 --force-R5 -- "$here/001_chromium.pdf" "$here/encrypted256_r5.pdf"
qpdf --object-streams=generate --encrypt "" owner 256 --print=low --modify=none --extract=n -- \
  "$here/001_lo.pdf" "$here/encrypted256_objstm.pdf"
qpdf --encrypt secret owner 128 --use-aes=y -- "$here/001_chromium.pdf" "$here/encrypted_user128.pdf"
ls -la "$here"/*.pdf
