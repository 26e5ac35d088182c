// Command lint loads webhook contracts, self-checks them and prints a
// summary of their events.
//
// Usage:
//
//	go run ./cmd/lint [-q] [contract.yaml ...]
//
// With no argument it checks ./asyncapi.yaml. Every problem is printed as
// file:line:col: message. Exit status: 0 when every contract is sound, 1
// when a contract has problems, 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/hookcontract/hookcontract/contract"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("lint", flag.ContinueOnError)
	fs.SetOutput(stderr)
	quiet := fs.Bool("q", false, "print only problems, not the event summary")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `usage: lint [-q] [contract.yaml ...]

Lint loads each AsyncAPI 3.0/3.1 contract with every schema file it
references and checks it: document structure against the official AsyncAPI
schema, $ref resolution (relative files only, no network), JSON Schema
2020-12 compilation, discriminator consts matching message names, and every
example against its message's payload and header schemas.

Problems are printed as file:line:col: message. With no argument,
./asyncapi.yaml is checked.

Exit status: 0 sound, 1 problems found, 2 usage error.

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
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"asyncapi.yaml"}
	}
	status := 0
	for _, p := range paths {
		c, err := contract.Load(p)
		if err != nil {
			fmt.Fprintln(stderr, err)
			var list contract.ErrorList
			if errors.As(err, &list) {
				fmt.Fprintf(stderr, "%s: %d problem(s)\n", p, len(list))
			}
			status = 1
			continue
		}
		if !*quiet {
			printSummary(stdout, c)
		}
	}
	return status
}

func printSummary(w io.Writer, c *contract.Contract) {
	examples := 0
	for _, m := range c.Messages {
		examples += len(m.Examples)
	}
	fmt.Fprintf(w, "%s: %s %s (AsyncAPI %s): %d events, discriminator %q, %d examples valid\n",
		c.Path, c.Info.Title, c.Info.Version, c.AsyncAPI, len(c.Messages), c.Discriminator, examples)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	msgs := append([]*contract.Message(nil), c.Messages...)
	sort.SliceStable(msgs, func(i, j int) bool { return msgs[i].Name < msgs[j].Name })
	for _, m := range msgs {
		var tags []string
		for _, t := range m.Tags {
			tags = append(tags, t.Name)
		}
		delivery := "-"
		if m.CorrelationID != nil {
			delivery = m.CorrelationID.In + " " + m.CorrelationID.Pointer
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\tdedup: %s\n", m.Name, strings.Join(tags, ","), m.Summary, delivery)
	}
	tw.Flush()
}
