// Command compare measures the validate command against ajv on the same
// payloads: it generates N lines of the contract's example payloads
// (deterministic, into -dir, not committed), has both validate them with
// the same schema files, and prints records per second, the ratio and
// each one's peak resident memory. `make bench` runs it.
//
//	go run ./bench/compare [-n 100000] [-contract asyncapi.yaml] [-dir build/bench] [-runs 3]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/internal/benchdata"
)

type measure struct {
	wall  time.Duration // best of the runs
	rssKB int64         // largest peak resident set of the runs
	out   []byte        // stdout of the last run
}

// run executes a command runs times and keeps the best wall time and the
// highest peak RSS (from the kernel's rusage of the child).
func run(runs int, name string, args ...string) (measure, error) {
	var m measure
	for i := 0; i < runs; i++ {
		cmd := exec.Command(name, args...)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, os.Stderr
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		if err != nil {
			return m, fmt.Errorf("%s: %v\n%s", name, err, out.Bytes())
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss > m.rssKB {
			m.rssKB = ru.Maxrss
		}
		if m.wall == 0 || wall < m.wall {
			m.wall = wall
		}
		m.out = out.Bytes()
	}
	return m, nil
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("compare: ")
	contractPath := flag.String("contract", "asyncapi.yaml", "the contract whose examples are generated and validated")
	n := flag.Int("n", 100000, "number of JSON lines to generate")
	dir := flag.String("dir", "build/bench", "where the data, manifest and validate binary go")
	runs := flag.Int("runs", 3, "runs of each tool; the best wall time counts")
	node := flag.String("node", "node", "the node executable")
	flag.Parse()

	c, err := contract.Load(*contractPath)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	data := filepath.Join(*dir, fmt.Sprintf("payloads-%d.jsonl", *n))
	f, err := os.Create(data)
	if err != nil {
		log.Fatal(err)
	}
	if err := benchdata.Generate(c, f, *n); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	info, _ := os.Stat(data)

	absContract, _ := filepath.Abs(*contractPath)
	manifest := filepath.Join(*dir, "manifest.json")
	mb, _ := json.MarshalIndent(benchdata.NewManifest(c, filepath.Dir(absContract)), "", "  ")
	if err := os.WriteFile(manifest, mb, 0o644); err != nil {
		log.Fatal(err)
	}
	bin := filepath.Join(*dir, "validate")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/validate").CombinedOutput(); err != nil {
		log.Fatalf("go build: %v\n%s", err, out)
	}

	hc, err := run(*runs, bin, "-contract", *contractPath, "-q", "-format", "json", "-progress", "never", data)
	if err != nil {
		log.Fatal(err)
	}
	var hs struct{ Records, Valid, Invalid int64 }
	if err := json.Unmarshal(hc.out, &hs); err != nil {
		log.Fatalf("validate output: %v\n%s", err, hc.out)
	}
	aj, err := run(*runs, *node, "bench/ajv/validate.mjs", manifest, data)
	if err != nil {
		log.Fatal(err)
	}
	var as struct {
		Records, Valid, Invalid int64
		CompileMS               int64 `json:"compile_ms"`
	}
	if err := json.Unmarshal(aj.out, &as); err != nil {
		log.Fatalf("ajv output: %v\n%s", err, aj.out)
	}
	if hs.Records != int64(*n) || as.Records != int64(*n) || hs.Valid != as.Valid {
		log.Fatalf("the two disagree: hookcontract %+v, ajv %+v (want %d records, all valid)", hs, as, *n)
	}

	rate := func(m measure) float64 { return float64(*n) / m.wall.Seconds() }
	fmt.Printf("%d JSON lines (%.1f MB) of %s payloads, %d valid by both; best of %d runs, wall clock including start-up\n",
		*n, float64(info.Size())/1e6, c.Info.Title, hs.Valid, *runs)
	fmt.Printf("  %-28s %8s %12s %10s\n", "", "wall", "records/s", "peak RSS")
	fmt.Printf("  %-28s %7.2fs %12.0f %7.1f MB\n", "hookcontract validate", hc.wall.Seconds(), rate(hc), float64(hc.rssKB)/1024)
	fmt.Printf("  %-28s %7.2fs %12.0f %7.1f MB\n", "ajv 8 + ajv-formats (node)", aj.wall.Seconds(), rate(aj), float64(aj.rssKB)/1024)
	fmt.Printf("  throughput ratio hookcontract/ajv: %.2fx\n", rate(hc)/rate(aj))
}
