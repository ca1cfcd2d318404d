package ods

import (
	"os"
	"testing"

	"nianbao/xlsx/read/book"
)

func BenchmarkReadTemplate(b *testing.B) {
	data, err := os.ReadFile("../testdata/legacy/2021-ok.ods")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(data, book.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadTemplateReference(b *testing.B) {
	data, err := os.ReadFile("../testdata/legacy/2021-ok.ods")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := readReference(data, book.DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
