// Command publish writes the published forms of a webhook contract into a
// directory, ready for any static web host:
//
//	index.html             one self-contained page (no network) a person reads
//	asyncapi.bundled.yaml  the contract as one AsyncAPI document, no external $ref
//	asyncapi.bundled.json  the same, as JSON
//	openapi.yaml           the events as OpenAPI 3.1 webhooks, validated with kin-openapi
//
// Usage:
//
//	go run ./cmd/publish [-contract asyncapi.yaml] [-out site]
//
// A contract with problems is reported as file:line:col: message, one
// problem per line, and nothing is written. Exit status: 0 written, 1
// contract problems, 2 usage or I/O error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hookcontract/hookcontract/contract"
	"github.com/hookcontract/hookcontract/publish/bundle"
	"github.com/hookcontract/hookcontract/publish/html"
	"github.com/hookcontract/hookcontract/publish/openapi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// output is one file of the site.
type output struct {
	name string
	data []byte
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("contract", "asyncapi.yaml", "the AsyncAPI document of the contract")
	out := fs.String("out", "site", "directory to write the site into (created if missing)")
	quiet := fs.Bool("q", false, "print nothing on success")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `usage: publish [-contract asyncapi.yaml] [-out site] [-q]

Publish loads a webhook contract, self-checks it as lint does, and writes
into the -out directory:

  index.html             one self-contained documentation page (no network)
  asyncapi.bundled.yaml  the contract as one AsyncAPI document (no external $ref)
  asyncapi.bundled.json  the same, as JSON
  openapi.yaml           the events as OpenAPI 3.1 webhooks (validated with kin-openapi)

The directory can be served by any static web host. Contract problems are
printed as file:line:col: message and nothing is written.

Exit status: 0 written, 1 contract problems, 2 usage or I/O error.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "publish: unexpected argument %q (the contract is given with -contract)\n", fs.Arg(0))
		fs.Usage()
		return 2
	}
	c, err := contract.Load(*path)
	if err != nil {
		var list contract.ErrorList
		if errors.As(err, &list) {
			fmt.Fprintln(stderr, err)
			fmt.Fprintf(stderr, "%s: %d problem(s)\n", *path, len(list))
			return 1
		}
		fmt.Fprintf(stderr, "publish: %v\n", err)
		return 2
	}
	files, err := build(c)
	if err != nil {
		fmt.Fprintf(stderr, "publish: %s: %v\n", *path, err)
		return 1
	}
	if err := write(*out, files); err != nil {
		fmt.Fprintf(stderr, "publish: %v\n", err)
		return 2
	}
	if !*quiet {
		fmt.Fprintf(stdout, "%s: %s %s, %d events\n", *path, c.Info.Title, c.Info.Version, len(c.Messages))
		for _, f := range files {
			fmt.Fprintf(stdout, "  %-40s %8d bytes\n", filepath.Join(*out, f.name), len(f.data))
		}
	}
	return 0
}

// build runs the publish stages: page, bundle, OpenAPI export (validated).
func build(c *contract.Contract) ([]output, error) {
	page, err := html.Render(c)
	if err != nil {
		return nil, fmt.Errorf("page: %v", err)
	}
	doc, err := bundle.Bundle(c)
	if err != nil {
		return nil, fmt.Errorf("bundle: %v", err)
	}
	bundledYAML, err := doc.YAML()
	if err != nil {
		return nil, fmt.Errorf("bundle: %v", err)
	}
	bundledJSON, err := doc.JSON()
	if err != nil {
		return nil, fmt.Errorf("bundle: %v", err)
	}
	api, err := openapi.Build(c)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI export: %v", err)
	}
	apiYAML, err := openapi.YAML(api)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI export: %v", err)
	}
	if _, err := openapi.Validate(apiYAML); err != nil {
		return nil, fmt.Errorf("OpenAPI export is invalid: %v", err)
	}
	return []output{
		{"index.html", page},
		{"asyncapi.bundled.yaml", bundledYAML},
		{"asyncapi.bundled.json", bundledJSON},
		{"openapi.yaml", apiYAML},
	}, nil
}

// write puts the files into dir, each through a temporary file and a
// rename, so a reader never sees half a file.
func write(dir string, files []output) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		dst := filepath.Join(dir, f.name)
		tmp, err := os.CreateTemp(dir, "."+f.name+".*")
		if err != nil {
			return err
		}
		_, werr := tmp.Write(f.data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			os.Remove(tmp.Name())
			return err
		}
		if err := os.Rename(tmp.Name(), dst); err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}
