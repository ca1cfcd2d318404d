package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
)

// writeSubmit answers an upload with its document as writeJSON would, but encodes the files one at a
// time straight into the response: the answer to an upload of 2,000 files is some 15 MB of JSON, which
// writeJSON would hold in memory twice (encoded, then indented) on top of the results.
func writeSubmit(w http.ResponseWriter, doc SubmitDocument) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	enc := func(v any, prefix string) []byte {
		var b bytes.Buffer
		e := json.NewEncoder(&b)
		e.SetEscapeHTML(false)
		e.SetIndent(prefix, "  ")
		if err := e.Encode(v); err != nil {
			panic(http.ErrAbortHandler) // our own types always encode; never half a document
		}
		return bytes.TrimRight(b.Bytes(), "\n")
	}
	field := func(name string, v any, last bool) {
		bw.WriteString(`  "` + name + `": `)
		bw.Write(enc(v, "  "))
		if !last {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	d := doc.Document
	bw.WriteString("{\n")
	field("tool", d.Tool, false)
	field("schema", d.Schema, false)
	field("valid", d.Valid, false)
	field("stats", d.Stats, false)
	if len(d.Files) == 0 {
		bw.WriteString(`  "files": [],` + "\n")
	} else {
		bw.WriteString(`  "files": [` + "\n")
		for i, f := range d.Files {
			bw.WriteString("    ")
			bw.Write(enc(f, "    "))
			if i < len(d.Files)-1 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
		}
		bw.WriteString("  ],\n")
	}
	if len(d.Double) > 0 {
		field("double", d.Double, false)
	}
	if len(d.Skipped) > 0 {
		field("skipped", d.Skipped, false)
	}
	field("uploads", doc.Uploads, true)
	bw.WriteString("}\n")
}
