package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// Load reads the AsyncAPI document at path (YAML or JSON) and every file it
// references, compiles the payload and header schemas, and self-checks the
// contract. The error, when not nil, is an ErrorList naming every problem
// at file:line:col, or a plain error when path cannot be opened at all.
//
// Files are read only from the document's directory and below: a
// reference that leaves it is an error, and network references are refused.
func Load(path string) (*Contract, error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	c, err := LoadFS(root.FS(), name, filepath.ToSlash(filepath.Clean(dir)))
	if c != nil {
		c.Path = path
	}
	return c, err
}

// LoadFS is Load reading from fsys: name is the AsyncAPI document's slash
// path in fsys, and fsys is the contract directory (references may not
// leave it). displayDir prefixes file names in messages ("" or "." for none).
func LoadFS(fsys fs.FS, name, displayDir string) (*Contract, error) {
	l := &loader{fsys: fsys, dir: path.Dir(name), displayDir: displayDir, files: map[string]*File{}, byURL: map[string]*File{}}
	c := l.load(name)
	if err := l.probs.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// loader holds the state of one Load.
type loader struct {
	fsys       fs.FS
	dir        string // directory of the AsyncAPI document within fsys
	displayDir string
	files      map[string]*File // by slash path; nil value: could not be read
	byURL      map[string]*File
	probs      problems
	pending    []compileJob // schemas to compile (compileAll)
	refsBroken bool         // a file or reference problem was found: schemas are not compiled
}

// display returns the path of rel as shown in messages.
func (l *loader) display(rel string) string {
	if l.displayDir == "" || l.displayDir == "." {
		return rel
	}
	return l.displayDir + "/" + rel
}

func (l *loader) rel(f *File) string { return f.Path }

func (l *loader) load(name string) *Contract {
	root := l.loadFiles(name)
	if root == nil {
		return nil
	}
	l.refsBroken = len(l.probs.list) > 0
	c := &Contract{Root: root, Files: l.files, Path: root.Display}
	doc, ok := root.Value.(map[string]any)
	if !ok {
		l.probs.add(root.pos(""), "an AsyncAPI document must be a mapping, not %s", kindOf(root.Value))
		return nil
	}
	version, _ := doc["asyncapi"].(string)
	switch {
	case doc["asyncapi"] == nil:
		l.probs.add(root.pos(""), "not an AsyncAPI document: the asyncapi field is missing")
		return nil
	case !supportedVersion(version):
		l.probs.add(root.pos("/asyncapi"), "unsupported AsyncAPI version %v: hookcontract reads 3.0.x and 3.1.x documents", doc["asyncapi"])
		return nil
	}
	c.AsyncAPI = version
	before := len(l.probs.list)
	l.checkStructure(root, version)
	if len(l.probs.list) > before {
		// Later checks assume a structurally valid document.
		return nil
	}
	l.readHeader(c, doc)
	l.readMessages(c)
	l.compileAll()
	for _, m := range c.Messages {
		if m.Payload != nil && m.Payload.Compiled == nil {
			m.Payload = nil
		}
		if m.Headers != nil && m.Headers.Compiled == nil {
			m.Headers = nil
		}
	}
	l.checkOperations(c)
	l.checkDiscriminator(c)
	l.checkExamples(c)
	return c
}

func supportedVersion(v string) bool {
	return v == "3.0.0" || v == "3.1.0"
}

func kindOf(v any) string {
	switch v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a sequence"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%T", v)
}

func (l *loader) readHeader(c *Contract, doc map[string]any) {
	info, _ := doc["info"].(map[string]any)
	c.Info = Info{Title: str(info, "title"), Version: str(info, "version"), Description: str(info, "description")}
	c.DefaultContentType = str(doc, "defaultContentType")
	if c.DefaultContentType == "" {
		c.DefaultContentType = "application/json"
	}
	tags := Location{File: c.Root, Pointer: "/components/tags"}
	forEachEntry(tags, func(_ string, loc Location) {
		if t, err := l.deref(loc); err == nil {
			c.Tags = append(c.Tags, tagOf(t.Value()))
		}
	})
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func tagOf(v any) Tag {
	m, _ := v.(map[string]any)
	return Tag{Name: str(m, "name"), Description: str(m, "description")}
}

// forEachEntry calls fn for each entry of the mapping at loc, in document
// order.
func forEachEntry(loc Location, fn func(key string, value Location)) {
	n, ok := nodeAt(loc.File.Root, loc.Pointer)
	if !ok || n.Kind != 4 /* yaml.MappingNode */ {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		fn(k, loc.At(k))
	}
}

// newCompiler returns a JSON Schema compiler that reads the contract's
// own files, and nothing else.
func (l *loader) newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	c.AssertFormat = true
	c.LoadURL = func(u string) (io.ReadCloser, error) {
		f := l.byURL[u]
		if f == nil {
			return nil, fmt.Errorf("%s is outside the contract's files", strings.TrimPrefix(u, baseURL))
		}
		return io.NopCloser(bytes.NewReader(f.JSON)), nil
	}
	return c
}

// readMessages builds Messages from the channels, merging each message's
// traits and compiling its schemas.
func (l *loader) readMessages(c *Contract) {
	byLoc := map[string]*Message{}
	forEachEntry(Location{File: c.Root, Pointer: "/channels"}, func(chKey string, chLoc Location) {
		ch, err := l.deref(chLoc)
		if err != nil {
			l.report(chLoc, "channel "+chKey, err)
			return
		}
		forEachEntry(ch.At("messages"), func(key string, ref Location) {
			loc, err := l.deref(ref)
			if err != nil {
				l.report(ref, "message "+key, err)
				return
			}
			if byLoc[loc.String()] != nil {
				return // the same message on another channel
			}
			m := l.readMessage(c, key, chKey, loc)
			byLoc[loc.String()] = m
			c.Messages = append(c.Messages, m)
		})
	})
	if len(c.Messages) == 0 {
		l.probs.add(c.Root.pos("/channels"), "the document defines no messages: list them in a channel's messages")
	}
}

func (l *loader) readMessage(c *Contract, key, channel string, loc Location) *Message {
	m := &Message{Key: key, Channel: channel, Loc: loc}
	// Traits first, then the message's own fields: JSON Merge Patch,
	// message wins (AsyncAPI "Traits Merge Mechanism").
	var sources []Location
	traits, _ := loc.At("traits").Value().([]any)
	for i := range traits {
		t, err := l.deref(loc.At("traits", fmt.Sprint(i)))
		if err != nil {
			l.report(loc.At("traits", fmt.Sprint(i)), "message "+key+": trait", err)
			continue
		}
		sources = append(sources, t)
	}
	sources = append(sources, loc)
	field := func(name string) (Location, bool) {
		var found Location
		ok := false
		for _, s := range sources {
			if _, has := s.Value().(map[string]any)[name]; has {
				found, ok = s.At(name), true
			}
		}
		return found, ok
	}
	text := func(name string) string {
		if f, ok := field(name); ok {
			s, _ := f.Value().(string)
			return s
		}
		return ""
	}
	m.Name, m.Title, m.Summary, m.Description = text("name"), text("title"), text("summary"), text("description")
	m.ContentType = text("contentType")
	if m.ContentType == "" {
		m.ContentType = c.DefaultContentType
	}
	if m.Name == "" {
		l.probs.add(loc.Pos(), "message %s has no name: set name to the wire event name (the discriminator value)", key)
	}
	if f, ok := field("tags"); ok {
		items, _ := f.Value().([]any)
		for i := range items {
			if t, err := l.deref(f.At(fmt.Sprint(i))); err == nil {
				m.Tags = append(m.Tags, tagOf(t.Value()))
			}
		}
	}
	if p, ok := field("payload"); ok {
		m.Payload = l.schema(fmt.Sprintf("message %s: payload", key), p, true)
	} else {
		l.probs.add(loc.Pos(), "message %s has no payload", key)
	}
	if h, ok := l.headersOf(key, sources); ok {
		m.Headers = l.schema(fmt.Sprintf("message %s: headers", key), h, false)
	}
	if cid, ok := field("correlationId"); ok {
		m.CorrelationID = l.correlationID(key, cid)
	}
	if ex, ok := field("examples"); ok {
		items, _ := ex.Value().([]any)
		for i := range items {
			m.Examples = append(m.Examples, exampleOf(ex.At(fmt.Sprint(i))))
		}
	}
	return m
}

// headersOf finds the message's headers schema among its sources. Traits
// and message are deep-merged (JSON Merge Patch) when more than one
// defines headers, which the style guide advises against: it is reported.
func (l *loader) headersOf(key string, sources []Location) (Location, bool) {
	var found []Location
	for _, s := range sources {
		if _, has := s.Value().(map[string]any)["headers"]; has {
			found = append(found, s.At("headers"))
		}
	}
	switch len(found) {
	case 0:
		return Location{}, false
	case 1:
		return found[0], true
	}
	l.probs.add(found[len(found)-1].Pos(), "message %s: headers are defined by more than one of its traits and itself; AsyncAPI would deep-merge them: define them once", key)
	return found[len(found)-1], true
}

func exampleOf(loc Location) Example {
	m, _ := loc.Value().(map[string]any)
	ex := Example{Name: str(m, "name"), Summary: str(m, "summary"), Payload: m["payload"], Loc: loc}
	if h, ok := m["headers"].(map[string]any); ok {
		ex.Headers = h
	}
	return ex
}

// correlationID reads a correlationId object's runtime expression.
func (l *loader) correlationID(key string, loc Location) *CorrelationID {
	loc, err := l.deref(loc)
	if err != nil {
		l.report(loc, "message "+key+": correlationId", err)
		return nil
	}
	m, _ := loc.Value().(map[string]any)
	expr := str(m, "location")
	cid := &CorrelationID{Location: expr, Description: str(m, "description")}
	src, ptr, ok := strings.Cut(expr, "#")
	switch src {
	case "$message.header":
		cid.In = "header"
	case "$message.payload":
		cid.In = "payload"
	default:
		ok = false
	}
	if !ok || (ptr != "" && !strings.HasPrefix(ptr, "/")) {
		l.probs.add(loc.At("location").Pos(), "message %s: correlationId location %q is not a runtime expression of the form $message.header#/Name or $message.payload#/pointer", key, expr)
		return nil
	}
	cid.Pointer = ptr
	return cid
}

// schema compiles the schema at loc. A payload must be a Multi Format
// Schema Object with a JSON Schema 2020-12 schemaFormat; headers may be a
// plain Schema Object, read as 2020-12.
func (l *loader) schema(what string, at Location, multiFormatRequired bool) *Schema {
	loc, err := l.derefPure(at)
	if err != nil {
		l.report(loc, what, err)
		return nil
	}
	s := &Schema{Format: SchemaFormat}
	m, isMap := loc.Value().(map[string]any)
	if format, ok := m["schemaFormat"]; isMap && ok {
		f, _ := format.(string)
		if !schemaFormats[f] {
			l.probs.add(loc.At("schemaFormat").Pos(), "%s: unsupported schemaFormat %q: hookcontract reads JSON Schema 2020-12 (%s)", what, f, SchemaFormat)
			return nil
		}
		s.Format = f
		if loc, err = l.derefPure(loc.At("schema")); err != nil {
			l.report(loc, what, err)
			return nil
		}
	} else if multiFormatRequired {
		l.probs.add(at.Pos(), "%s: write it as a Multi Format Schema Object {schemaFormat: %s, schema: ...}; a bare schema is read by AsyncAPI tools as their own draft-07 dialect", what, SchemaFormat)
		return nil
	}
	if sm, ok := loc.Value().(map[string]any); ok {
		if d, ok := sm["$schema"].(string); ok && !isDraft2020(d) {
			l.probs.add(loc.At("$schema").Pos(), "%s: schema declares $schema %q, but its schemaFormat is %s", what, d, s.Format)
			return nil
		}
	}
	s.Loc = loc
	if l.refsBroken {
		return nil // compiling would only repeat the reference problems
	}
	l.pending = append(l.pending, compileJob{s: s, what: what})
	return s
}

// compileJob is a schema waiting for compileAll.
type compileJob struct {
	s    *Schema
	what string
	err  error
}

// compileAll compiles every pending schema, spread over the CPUs: each
// worker has a compiler of its own (a compiler is not safe for concurrent
// use), and a schema location shared by several messages is compiled once.
// A schema that fails to compile is reported and keeps a nil Compiled.
func (l *loader) compileAll() {
	byURL := map[string][]*compileJob{}
	var urls []string
	for i := range l.pending {
		j := &l.pending[i]
		u := j.s.Loc.URL()
		if byURL[u] == nil {
			urls = append(urls, u)
		}
		byURL[u] = append(byURL[u], j)
	}
	workers := min(runtime.GOMAXPROCS(0), (len(urls)+15)/16)
	if workers < 1 {
		workers = 1
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := l.newCompiler()
			for i := w; i < len(urls); i += workers {
				jobs := byURL[urls[i]]
				compiled, err := c.Compile(urls[i])
				for _, j := range jobs {
					j.s.Compiled, j.err = compiled, err
				}
			}
		}()
	}
	wg.Wait()
	for _, u := range urls {
		if j := byURL[u][0]; j.err != nil {
			l.reportCompileError(j.what, j.s.Loc, j.err)
		}
	}
	l.pending = nil
}

// derefPure follows references that are only a reference ({"$ref": ...}
// and nothing else). A schema with keywords beside its $ref is a schema
// of its own (JSON Schema 2020-12) and stays where it is.
func (l *loader) derefPure(loc Location) (Location, error) {
	for range 64 {
		m, ok := loc.Value().(map[string]any)
		raw, isRef := m["$ref"].(string)
		if !ok || len(m) != 1 || !isRef {
			return loc, nil
		}
		file, pointer, err := parseRef(loc.File.Path, raw)
		if err != nil || l.files[file] == nil {
			return loc, errReported
		}
		if _, ok := valueAt(l.files[file].Value, pointer); !ok {
			return loc, errReported
		}
		loc = Location{File: l.files[file], Pointer: pointer}
	}
	return loc, fmt.Errorf("$ref chain longer than 64 steps at %s", loc)
}

func isDraft2020(s string) bool {
	s = strings.TrimSuffix(s, "#")
	return s == "https://json-schema.org/draft/2020-12/schema"
}

// reportCompileError turns a compiler error into positioned problems.
func (l *loader) reportCompileError(what string, loc Location, err error) {
	se, ok := err.(*jsonschema.SchemaError)
	if !ok {
		l.probs.add(loc.Pos(), "%s: %v", what, err)
		return
	}
	f, ptr := l.fileOfURL(se.SchemaURL)
	if f == nil {
		f, ptr = loc.File, loc.Pointer
	}
	if ve, ok := se.Err.(*jsonschema.ValidationError); ok {
		for _, leaf := range leaves(ve) {
			l.probs.add(f.pos(ptr+leaf.InstanceLocation), "%s: invalid JSON Schema: %s", what, leaf.Message)
		}
		return
	}
	l.probs.add(f.pos(ptr), "%s: invalid JSON Schema: %v", what, strings.TrimPrefix(fmt.Sprint(se.Err), "jsonschema: "))
}

// fileOfURL maps a compiler URL back to a contract file and pointer.
func (l *loader) fileOfURL(u string) (*File, string) {
	base, frag, _ := strings.Cut(u, "#")
	f := l.byURL[base]
	if f == nil {
		return nil, ""
	}
	return f, unescapeFragment(frag)
}

func unescapeFragment(frag string) string {
	if u, err := url.PathUnescape(frag); err == nil {
		return u
	}
	return frag
}

// leaves returns the errors at the bottom of a validation error tree: the
// specific violations.
func leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, leaves(c)...)
	}
	return out
}
