package html_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/hookcontract/hookcontract/publish/html"
	"github.com/hookcontract/hookcontract/publish/internal/publishtest"
)

// browser starts Debian's chromium headless, offline, with a new profile.
// The test is skipped only when HOOKCONTRACT_BROWSER is unset (make test
// sets it, after installing chromium); with it set, a missing browser is a
// failure.
func browser(t *testing.T) context.Context {
	t.Helper()
	if os.Getenv("HOOKCONTRACT_BROWSER") == "" {
		t.Skip("browser test: set HOOKCONTRACT_BROWSER=1 (make test does, after installing chromium)")
	}
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium not found (%v): `make chromium` installs Debian's chromium", err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now, without a timeout
		t.Fatalf("cannot start chromium: %v", err)
	}
	return ctx
}

// buildDir is where the browser test leaves the page and its screenshots
// for review: build/browser/ at the repository root (git-ignored).
func buildDir(t *testing.T) string {
	dir := publishtest.Path("build/browser")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestBrowser loads the Monitoring page from disk in headless Chromium
// and checks what a reader sees: all 29 events, a search that narrows the
// list, the nested field data.company.id, a layout that fits a phone, and
// no network request at all. It saves screenshots at desktop and phone
// widths under build/browser/.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	c := publishtest.Load(t, "asyncapi.yaml")
	page, err := html.Render(c)
	if err != nil {
		t.Fatal(err)
	}
	dir := buildDir(t)
	file := filepath.Join(dir, "index.html")
	if err := os.WriteFile(file, page, 0o644); err != nil {
		t.Fatal(err)
	}
	pageURL := (&url.URL{Scheme: "file", Path: file}).String()

	var mu sync.Mutex
	var requests []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requests = append(requests, ev.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}

	tctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) any {
		t.Helper()
		v, err := chromedp.Run(tctx, chromedp.Evaluate[any](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}

	do("load", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("#filter")))

	// Every event of the contract has its section and its sidebar entry.
	shown := strings.Split(eval(`[...document.querySelectorAll("article.event h3 code")].map(e => e.textContent).join(",")`).(string), ",")
	want := c.Names()
	if !slices.Equal(shown, want) {
		t.Errorf("event sections:\n got %v\nwant %v", shown, want)
	}
	if len(shown) != 29 {
		t.Errorf("%d event sections, want 29", len(shown))
	}
	visible := `[...document.querySelectorAll("#event-list li")].filter(li => li.offsetParent !== null).map(li => li.querySelector("code").textContent)`
	if n := len(eval(visible).([]any)); n != 29 {
		t.Errorf("%d events in the sidebar, want 29", n)
	}

	// The search narrows the list to the matching events, and Escape
	// brings them all back.
	for _, q := range []struct {
		query string
		want  []string
	}{
		{"sync", []string{"sync.completed", "sync.failed"}},
		{"company deleted", []string{"company.deleted"}},
		{"llm_pro", []string{"llm_provider.created", "llm_provider.updated", "llm_provider.deleted", "llm_project.created", "llm_project.updated"}},
	} {
		do("type "+q.query, chromedp.SendKeys(chromedp.CSS("#filter"), q.query))
		got := fmt.Sprint(eval(visible))
		if got != fmt.Sprint(q.want) {
			t.Errorf("search %q shows %s, want %v", q.query, got, q.want)
		}
		status := eval(`document.getElementById("filter-status").textContent`)
		if status != fmt.Sprintf("%d of 29 events", len(q.want)) {
			t.Errorf("search %q: status %q", q.query, status)
		}
		if q.query == "sync" {
			shot(t, tctx, filepath.Join(dir, "desktop-search.png"))
		}
		do("clear", chromedp.SendKeys(chromedp.CSS("#filter"), "\x1b")) // Escape
		if n := len(eval(visible).([]any)); n != 29 {
			t.Fatalf("after Escape: %d events in the sidebar, want 29", n)
		}
	}

	// The nested field data.company.id is shown in company.at_risk.
	nested := `(() => {
		const rows = [...document.querySelectorAll('[id="company.at_risk"] tbody tr')];
		const row = rows.find(r => r.querySelector("code.field").textContent === "data.company.id");
		if (!row) return "missing";
		const box = row.getBoundingClientRect();
		return box.width > 0 && box.height > 0 ? row.innerText.replace(/\s+/g, " ").trim() : "hidden";
	})()`
	do("scroll", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); document.getElementById("company.at_risk").scrollIntoView({block: "start"})`))
	row := eval(nested).(string)
	if !strings.HasPrefix(row, "data.company.id string") || !strings.Contains(row, "required") || !strings.Contains(row, "^cli_[0-9A-Za-z]+$") {
		t.Errorf("row of data.company.id: %q", row)
	}
	shot(t, tctx, filepath.Join(dir, "desktop-event.png"))
	do("top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	shot(t, tctx, filepath.Join(dir, "desktop.png"))

	// Every piece of visible text meets WCAG AA contrast, in the light
	// and the dark colour scheme.
	for _, scheme := range []string{"light", "dark"} {
		if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}}); err != nil {
			t.Fatal(err)
		}
		for _, bad := range eval(contrastCheck).([]any) {
			t.Errorf("%s colours: low contrast: %v", scheme, bad)
		}
	}
	if _, err := chromedp.Call(tctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); err != nil {
		t.Fatal(err)
	}

	// At a phone's width the page fits: no sideways scrolling, the
	// sidebar folds away, tables become cards.
	do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)), chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if w := eval(`document.documentElement.scrollWidth - window.innerWidth`); w.(float64) > 0 {
		t.Errorf("at 390px the page is %v px too wide", w)
	}
	if open := eval(`document.querySelector(".nav-details").open`); open != false {
		t.Errorf("at 390px the event list is not folded")
	}
	shot(t, tctx, filepath.Join(dir, "phone.png"))
	do("phone event", chromedp.Evaluate[chromedp.Void](`document.getElementById("company.at_risk").scrollIntoView({block: "start"})`))
	if row := eval(nested).(string); !strings.HasPrefix(row, "data.company.id") {
		t.Errorf("at 390px, row of data.company.id: %q", row)
	}
	if w := eval(`Math.max(...[...document.querySelectorAll("table.fields, pre")].map(e => e.getBoundingClientRect().right)) - window.innerWidth`); w.(float64) > 1 {
		t.Errorf("at 390px a table or example sticks out by %v px", w)
	}
	shot(t, tctx, filepath.Join(dir, "phone-event.png"))

	// Without JavaScript the content is all there; only the filter is
	// missing.
	if _, err := chromedp.Call(tctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do("no script", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if n := eval(`document.querySelectorAll("article.event").length`); n != float64(29) {
		t.Errorf("without script: %v event sections", n)
	}
	if hidden := eval(`document.getElementById("filter-box").offsetParent === null`); hidden != true {
		t.Errorf("without script the filter box shows, though it cannot work")
	}

	mu.Lock()
	defer mu.Unlock()
	for _, r := range requests {
		if r != pageURL {
			t.Errorf("network request: %s", r)
		}
	}
	if !slices.Contains(requests, pageURL) {
		t.Errorf("the page's own load was not seen (%v): the request check does not work", requests)
	}
	t.Logf("page %d bytes, %d requests, screenshots in %s", len(page), len(requests), dir)
}

// contrastCheck lists the elements whose text has less contrast with its
// background than WCAG 2 AA asks: 4.5:1, or 3:1 for large text.
const contrastCheck = `(() => {
	const parse = c => { const m = c.match(/[\d.]+/g).map(Number); return m.length === 4 ? m : [...m, 1]; };
	const lum = ([r, g, b]) => {
		const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
		return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
	};
	const background = el => {
		for (; el; el = el.parentElement) {
			const c = parse(getComputedStyle(el).backgroundColor);
			if (c[3] > 0) return c;
		}
		return [255, 255, 255, 1];
	};
	const bad = new Set();
	for (const el of document.querySelectorAll("body *")) {
		if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
		const box = el.getBoundingClientRect();
		if (!box.width || !box.height) continue;
		const s = getComputedStyle(el);
		const a = lum(parse(s.color)), b = lum(background(el));
		const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
		const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
		if (ratio < need) bad.add(el.tagName.toLowerCase() + "." + el.className + " " + ratio.toFixed(2) + ":1 " + JSON.stringify(el.textContent.trim().slice(0, 30)));
	}
	return [...bad];
})()`

func shot(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
