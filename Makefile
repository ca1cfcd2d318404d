# nianbao — developer targets. `make test` is what CI runs.
GO ?= go
FUZZTIME ?= 30s

.PHONY: build test vet vet-windows lint fuzz bench release clean

build:
	$(GO) build -o nianbao ./cmd/nianbao

vet: vet-windows
	$(GO) vet ./...

# The Windows build: vet everything for GOOS=windows, which type-checks every package with its tests as
# Windows compiles them (cmd/nianbao's console, documents folder, files open in Excel; linking a Windows
# test binary as well cost 7 s and checked nothing more in pure Go). internal/bench is left out: the
# benchmark driver measures peak RSS through getrusage and runs on Linux only.
vet-windows:
	GOOS=windows $(GO) vet $$(GOOS=windows $(GO) list ./... | grep -v '/internal/bench$$')

# Race tests. -race also turns on checkptr, which checks every conversion of an unsafe.Pointer at run
# time. The standard library and the SQLite driver (C translated to Go) convert them in their inner loops:
# checkptr there took a third of the suite's CPU (277 s with it, 189 s without, on 2 cores) and checks code
# we neither write nor can change. It stays on for our own packages (tty_linux.go is the unsafe code we
# write); the race detector itself is on for every package.
# The race detector's test binaries sleep a second at exit by default (GORACE atexit_sleep_ms, a wait for
# reports from goroutines still running): 36 packages, 36 s. The longest-running packages start first
# (go test starts the runs in the order given) so that the short ones fill the other core at the end.
RACEFLAGS = -race -gcflags=all=-d=checkptr=0 -gcflags=nianbao/...=-d=checkptr=1
TEST_FIRST = ./web ./cmd/nianbao ./internal/interop ./batch ./xlsx
test: vet
	GORACE="atexit_sleep_ms=0 $(GORACE)" $(GO) test $(RACEFLAGS) -timeout 14m $(TEST_FIRST) ./...

# make release: dist/nianbao-<version>-<os>-<arch>.zip|.tar.gz for Windows and the 信创 desktops, each with
# the binary (CGO_ENABLED=0, version stamped) and 使用说明.txt; checks the executables (PE32+, ELF machine,
# static) and runs --version and the demo from the unpacked linux/amd64 archive. VERSION defaults to
# git describe.
VERSION ?=
release:
	$(GO) run ./internal/release -out dist -version "$(VERSION)"

# Static analysis at pinned versions (fetched through the module proxy on first use): staticcheck, and
# deadcode for functions that nothing, not even a test, reaches.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
DEADCODE ?= golang.org/x/tools/cmd/deadcode@v0.52.0
lint:
	$(GO) run $(STATICCHECK) ./...
	@out=$$($(GO) run $(DEADCODE) -test ./...); if [ -n "$$out" ]; then echo "$$out"; echo "deadcode: unreachable functions"; exit 1; fi

# Each fuzz target runs for FUZZTIME; crashers are kept as seeds in testdata/fuzz.
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1x $$pkg; \
	  done; \
	done

# make bench: generate demo regions of BENCH_UNITS units (kept in BENCH_DIR for reuse, not timed), time
# nianbao check/summary and a plain excelize reader over them, ingest 2,000 files through nianbao serve
# (see internal/bench), then the Go benchmarks. BENCH_ONLY=province runs only the province-scale cases of
# issue 17 (summary written and read back, the consolidation) and no Go benchmarks; `make bench-province`
# does that at 10,000 units.
BENCH_UNITS ?= 1000,10000
BENCH_PROVINCE ?= 15x2000
BENCH_DIR ?= /tmp/nianbao-bench
BENCH_ONLY ?=
.PHONY: bench-province
bench:
	$(GO) build -o $(BENCH_DIR)/bin/nianbao ./cmd/nianbao
	$(GO) build -o $(BENCH_DIR)/bin/nianbao-bench ./internal/bench
	$(BENCH_DIR)/bin/nianbao-bench -nianbao $(BENCH_DIR)/bin/nianbao -dir $(BENCH_DIR) -n $(BENCH_UNITS) -province $(BENCH_PROVINCE) $(if $(BENCH_ONLY),-only $(BENCH_ONLY))
	$(if $(BENCH_ONLY),,$(GO) test -run '^$$' -bench . -benchmem ./xlsx ./batch ./summary)

bench-province:
	$(MAKE) bench BENCH_ONLY=province BENCH_UNITS=10000

clean:
	rm -rf nianbao dist
