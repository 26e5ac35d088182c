package html_test

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hookcontract/hookcontract/publish/html"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestGolden compares the page of a small contract with its golden file,
// byte for byte; `go test ./publish/html -update` rewrites it.
func TestGolden(t *testing.T) {
	for _, tc := range []struct{ contract, golden string }{
		{"testdata/contracts/ok/asyncapi.yaml", "testdata/publish/ok/index.html"},
	} {
		c := publishtest.Load(t, tc.contract)
		got, err := html.Render(c)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := html.Render(c)
		if !bytes.Equal(got, again) {
			t.Fatal("two renders of one contract differ")
		}
		path := publishtest.Path(tc.golden)
		if *update {
			if err := os.MkdirAll(strings.TrimSuffix(path, "/index.html"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./publish/html -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the page of %s (run go test ./publish/html -update and review the diff)", tc.golden, tc.contract)
		}
	}
}

// TestSelfContained: the page of every contract loads nothing: no
// external script, style sheet, image, font or frame.
func TestSelfContained(t *testing.T) {
	loads := regexp.MustCompile(`(?i)<(script|img|iframe|link|source|video|audio|embed|object)[^>]*\s(src|href|data)=|url\(|@import`)
	for _, tc := range publishtest.Contracts {
		page, err := html.Render(publishtest.Load(t, tc.Path))
		if err != nil {
			t.Fatal(err)
		}
		if m := loads.Find(page); m != nil {
			t.Errorf("%s: the page loads a resource: %s", tc.Name, m)
		}
		if n := bytes.Count(page, []byte(`<article class="event"`)); n != tc.Events {
			t.Errorf("%s: %d event sections, want %d", tc.Name, n, tc.Events)
		}
	}
}

// TestGeneratedSample: an event without examples gets a generated sample
// that its schema accepts.
func TestGeneratedSample(t *testing.T) {
	c := publishtest.Load(t, "asyncapi.yaml")
	p, err := html.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Events {
		if e.Sample != nil || len(e.Examples) == 0 {
			t.Errorf("%s: examples %d, sample %v", e.Name, len(e.Examples), e.Sample)
		}
	}
	// The same contract with the examples of one event taken away.
	m := c.Message("company.at_risk")
	saved := m.Examples
	m.Examples = nil
	defer func() { m.Examples = saved }()
	p, err = html.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	var sample *html.Example
	for _, e := range p.Events {
		if e.Name == "company.at_risk" {
			sample = e.Sample
		}
	}
	if sample == nil || !strings.Contains(sample.Payload, `"event": "company.at_risk"`) || !strings.Contains(sample.Headers, `"X-Webhook-Delivery": "whdel_`) {
		t.Fatalf("no usable sample: %+v", sample)
	}
	v, err := publishtest.Decode([]byte(sample.Payload))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Payload.Validate(v); err != nil {
		t.Errorf("generated sample is invalid: %v", err)
	}
	page, err := html.RenderPage(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(page, []byte("<h4>Generated sample</h4>")) {
		t.Error("page does not show the generated sample")
	}
}

// TestEscaping: text from the contract is escaped; descriptions get the
// small Markdown subset and event names in code spans become links.
func TestEscaping(t *testing.T) {
	c := publishtest.Load(t, "asyncapi.yaml")
	p, err := html.Build(c)
	if err != nil {
		t.Fatal(err)
	}
	p.Description = "Hello <script>alert(1)</script> **bold** `company.created` [docs](https://example.com/x?a=1&b=2)\n- one\n- two"
	page, err := html.RenderPage(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; <strong>bold</strong> <a href="#company.created"><code>company.created</code></a> <a href="https://example.com/x?a=1&amp;b=2">docs</a></p><ul><li>one</li><li>two</li></ul>`,
	} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %s", want)
		}
	}
}
