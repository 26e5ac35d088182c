// Command breaking classifies the changes between two versions of a
// webhook contract from the consumer's point of view, and fails when one
// breaks consumers built from the old version.
//
// Usage:
//
//	go run ./cmd/breaking -base <old contract> [-head <new contract>] [flags]
//
// A contract is a path to its AsyncAPI document, or git:<rev>:<path> for
// the file set of a git revision. Run it with -h for the flags, the
// ignore file format and the exit codes; -rules prints the rule catalog.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/hookcontract/hookcontract/breaking"
	"github.com/hookcontract/hookcontract/contract"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: breaking -base <old contract> [-head <new contract>] [-format f] [-fail-on level] [-ignore file]
       breaking -rules [-format text|json|markdown]

Breaking compares two versions of a webhook contract (an AsyncAPI 3
document and the JSON Schema files it references) from the consumer's
point of view: the provider sends, the consumer receives. A change is
breaking when a payload valid under the new contract can be rejected or
misread by a consumer built from the old one: a removed event or field, a
widened type, a new enum value, a loosened pattern or limit, a new null.
Equivalent spellings (a moved or inlined $ref, reordered properties,
type: [x, "null"] instead of oneOf with {type: "null"}) are no change.

A contract is a path to its AsyncAPI document, or git:<rev>:<path> to read
the document and every file it references from a git revision of the
repository in the current directory:

  breaking -base git:main:asyncapi.yaml               # main against the work tree
  breaking -base old/asyncapi.yaml -head new/asyncapi.yaml -format markdown
  breaking -base git:v1.0.0:asyncapi.yaml -fail-on warning -ignore .breaking-ignore

Each finding has a rule ID, a level (breaking, warning, info), a message,
and its place in both versions (file:line:col and JSON pointer). The
report also says which version bump the changes need (major for breaking
changes, minor for additions, patch otherwise) and whether the new
info.version makes it. "breaking -rules" lists every rule.

An ignore file accepts findings, one per line: a rule ID and a location as
findings print it (event name, then a JSON pointer into the message; *
matches any run of characters), optionally followed by # and a reason:

  field-removed company.created/payload/data/legacy_code  # unused since 2024
  pattern-changed */payload/data/company/id
  version-not-bumped /info/version

Exit status: 0 no finding at the -fail-on level or above, 1 at least one,
2 usage error, unreadable input, or a contract that does not load.

Flags:
`

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("breaking", flag.ContinueOnError)
	fs.SetOutput(stderr)
	base := fs.String("base", "", "the old `contract`: a path or git:<rev>:<path> (required)")
	head := fs.String("head", "asyncapi.yaml", "the new `contract`: a path or git:<rev>:<path>")
	formatName := fs.String("format", "text", "output `format`: "+strings.Join(formatNames(), ", "))
	failOn := fs.String("fail-on", "breaking", "exit 1 when a finding is at this `level` or above: breaking, warning, info, or none to never fail")
	ignorePath := fs.String("ignore", "", "`file` of accepted findings (format above)")
	listRules := fs.Bool("rules", false, "print the rule catalog and exit")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	usageError := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "breaking: "+format+"\n", a...)
		fmt.Fprintln(stderr, "run breaking -h for usage")
		return 2
	}
	if fs.NArg() > 0 {
		return usageError("unexpected argument %q: name the contracts with -base and -head", fs.Arg(0))
	}
	write, ok := formats[*formatName]
	if !ok {
		return usageError("unknown -format %q (want %s)", *formatName, strings.Join(formatNames(), ", "))
	}
	if *listRules {
		if err := writeRules(stdout, *formatName); err != nil {
			return usageError("%v", err)
		}
		return 0
	}
	policy, err := parseFailOn(*failOn)
	if err != nil {
		return usageError("%v", err)
	}
	if *base == "" {
		return usageError("-base is required: the old contract, e.g. -base git:main:asyncapi.yaml")
	}
	opts := &breaking.Options{}
	if *ignorePath != "" {
		if opts.Ignore, err = breaking.ReadIgnoreFile(*ignorePath); err != nil {
			fmt.Fprintf(stderr, "breaking: ignore file: %v\n", err)
			return 2
		}
	}
	// The two loads are independent: run them side by side.
	var old, cur *contract.Contract
	var oldErr, curErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		old, oldErr = breaking.Load(*base)
	}()
	cur, curErr = breaking.Load(*head)
	<-done
	okOld := report(stderr, "-base", *base, oldErr)
	okCur := report(stderr, "-head", *head, curErr)
	if !okOld || !okCur {
		return 2
	}
	r := breaking.Compare(old, cur, opts)
	for _, e := range r.Unused {
		fmt.Fprintf(stderr, "breaking: %s:%d: ignore entry %q matches no finding\n", opts.Ignore.File, e.Line, e.Rule+" "+e.Location)
	}
	if err := write(stdout, r, policy); err != nil {
		fmt.Fprintf(stderr, "breaking: %v\n", err)
		return 2
	}
	if policy.fails(r) {
		return 1
	}
	return 0
}

// report prints why a contract did not load; it returns true when it did.
func report(stderr io.Writer, flagName, spec string, err error) bool {
	if err == nil {
		return true
	}
	var list contract.ErrorList
	if errors.As(err, &list) {
		fmt.Fprintln(stderr, list)
		fmt.Fprintf(stderr, "breaking: %s %s does not load: %d problem(s); go run ./cmd/lint %s shows them too\n", flagName, spec, len(list), spec)
	} else {
		fmt.Fprintf(stderr, "breaking: %s: %v\n", flagName, err)
	}
	return false
}

// failPolicy is the -fail-on flag.
type failPolicy struct {
	level breaking.Level
	never bool
}

func parseFailOn(s string) (failPolicy, error) {
	if s == "none" {
		return failPolicy{never: true}, nil
	}
	l, err := breaking.ParseLevel(s)
	if err != nil {
		return failPolicy{}, fmt.Errorf("-fail-on: unknown level %q (want breaking, warning, info or none)", s)
	}
	return failPolicy{level: l}, nil
}

// failing reports whether f alone makes the run fail.
func (p failPolicy) failing(f breaking.Finding) bool { return !p.never && f.Level >= p.level }

func (p failPolicy) fails(r *breaking.Report) bool { return !p.never && r.Fails(p.level) }

func (p failPolicy) String() string {
	if p.never {
		return "none"
	}
	return p.level.String()
}
