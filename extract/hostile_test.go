package extract

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetectFormat(t *testing.T) {
	s := seedByPrefix(t, "003")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"pipe text", []byte(s.text), FormatText},
		{"pdf text", []byte(renderPDF(s)), FormatPDFText},
		{"html", []byte(renderHTML(s)), FormatHTML},
		{"html fragment without doctype", []byte("说明\n<table><tr><td>规章</td><td>0</td></tr></table>"), FormatHTML},
		{"docx", renderDocx(s), FormatDocx},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Bytes("x", tc.data)
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Format)
		})
	}
}

func TestFileReadsWithoutChanging(t *testing.T) {
	s := seedByPrefix(t, "002")
	path := filepath.Join(t.TempDir(), "报告.txt")
	data := []byte(renderPDF(s))
	require.NoError(t, os.WriteFile(path, data, 0o444))
	res, err := File(path)
	require.NoError(t, err)
	s.name = "报告.txt" // sources name the file as given
	assertExtracts(t, s, res, FormatPDFText)
	assert.Equal(t, "报告.txt", res.Report.Sources["t2.procurement.amount"].File)
	after, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, data, after)

	_, err = File(filepath.Join(t.TempDir(), "missing.txt"))
	assert.Error(t, err)
}

// Hostile and broken inputs end in an error or in findings, never in a panic or a runaway allocation.
func TestHostile(t *testing.T) {
	zipWith := func(name, content string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create(name)
		w.Write([]byte(content))
		zw.Close()
		return buf.Bytes()
	}
	// these are refused with ErrTooManyCells, which the clerk is told in Chinese
	tooMany := map[string]bool{"3 million cells in 30 MB of HTML": true, "spans over the cell limit": true,
		"a million cells of pipes": true, "a word table of too many cells": true}
	for _, tc := range []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"empty", nil, false},
		{"binary", []byte("\x00\x01\x02\xff\xfe\x80garbage"), false},
		{"truncated zip", []byte("PK\x03\x04\x14\x00"), true},
		{"xlsx-like zip", zipWith("xl/workbook.xml", "<workbook/>"), true},
		{"broken document.xml", zipWith("word/document.xml", "<w:document><w:body><w:tbl><w:tr>"), true},
		{"huge spans", []byte(`<table><tr><td colspan="99999999" rowspan="99999999">x</td></tr></table>`), false},
		{"nested tables", []byte(strings.Repeat("<table><tr><td>", 20) + "规章" + strings.Repeat("</td></tr></table>", 20)), false},
		{"nesting beyond the parser's limit", []byte(strings.Repeat("<table><tr><td>", 300) + "规章"), true},
		{"unclosed html", []byte("<html><body><table><tr><td>一、本年新收<td>3"), false},
		{"only pipes", []byte(strings.Repeat("|||||\n", 1000)), false},
		{"long line", []byte(strings.Repeat("二、主动公开政府信息情况 ", 5000)), false},
		{"too large", make([]byte, MaxSize+1), true},
		{"3 million cells in 30 MB of HTML", []byte("<table>" + strings.Repeat("<tr>"+strings.Repeat("<td></td>", 100)+"</tr>", 30000) + "</table>"), true},
		{"spans over the cell limit", []byte("<table><tr>" + strings.Repeat(`<td colspan="200">x</td>`, MaxCells/200+1) + "</tr></table>"), true},
		{"a million cells of pipes", []byte(strings.Repeat("|", MaxCells+1)), true},
		{"a word table of too many cells", zipWith("word/document.xml", "<w:document><w:body><w:tbl><w:tr>"+strings.Repeat("<w:tc></w:tc>", MaxCells+1)+"</w:tr></w:tbl></w:body></w:document>"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Bytes("hostile", tc.data)
			if tc.wantErr {
				assert.Error(t, err)
				if tooMany[tc.name] {
					assert.ErrorIs(t, err, ErrTooManyCells)
				}
				return
			}
			require.NoError(t, err)
			require.NotNil(t, res.Report)
			assert.NotEmpty(t, res.Findings) // at least: tables not found, year not found
		})
	}
}

func FuzzBytes(f *testing.F) {
	paths, _ := filepath.Glob("testdata/seeds/*.txt")
	for _, p := range paths[:2] {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}
	f.Add([]byte("<table><tr><td rowspan=3>a</td><td colspan=2>b</td></tr><tr><td>1</td></tr></table>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Bytes("fuzz", data)
		if err == nil && res.Report == nil {
			t.Fatal("nil report without error")
		}
	})
}

func TestIsTitle(t *testing.T) {
	want := "二、主动公开政府信息情况"
	assert.True(t, isTitle("二、主动公开政府信息情况", want))
	assert.True(t, isTitle("  二、 主动公开政府信息情况 ", want))
	assert.True(t, isTitle("二、主动公开政府信息", want))
	assert.False(t, isTitle("(一)2021年主动公开政府信息情况", want))
	assert.False(t, isTitle("三、主动公开政府信息情况", want))
}
