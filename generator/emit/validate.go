package emit

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/hookcontract/hookcontract/generator/model"
)

const rt = "github.com/hookcontract/hookcontract/hookrt"

// validators emits one function per schema that needs one: ref targets,
// named types, and every subschema with checks of its own.
type validators struct {
	f       *File
	named   map[*model.Schema]string
	queue   []*model.Schema
	consts  map[string]string // JSON literal → variable
	formats map[string]string // format → variable
	used    map[string]bool
	keys    map[string]bool // property names the schemas declare
	evals   []evalJob       // annotation collectors still to emit
	evalFn  map[evalKey]string
}

func newValidators(f *File, b *model.Builder) *validators {
	v := &validators{f: f, named: map[*model.Schema]string{}, consts: map[string]string{}, formats: map[string]string{}, used: map[string]bool{}, keys: map[string]bool{}, evalFn: map[evalKey]string{}}
	for _, s := range b.Functions() {
		v.named[s] = s.Func
		v.used[s.Func] = true
		v.queue = append(v.queue, s)
	}
	return v
}

// funcOf returns the validator function of s, naming it after parent and
// suffix when it has none yet.
func (v *validators) funcOf(s *model.Schema, parent, suffix string) string {
	if s.Ref != nil && onlyRef(s) {
		return v.funcOf(s.Ref, "", "")
	}
	if name, ok := v.named[s]; ok {
		return name
	}
	name := parent + "_" + suffix
	for i := 2; v.used[name]; i++ {
		name = fmt.Sprintf("%s_%s%d", parent, suffix, i)
	}
	v.used[name] = true
	v.named[s] = name
	v.queue = append(v.queue, s)
	return name
}

// onlyRef reports whether a schema's only check is its $ref.
func onlyRef(s *model.Schema) bool {
	c := *s
	c.Ref, c.Loc, c.Func, c.Raw = nil, "", "", s.Raw
	return !hasChecks(&c)
}

// hasChecks reports whether validating against s can fail.
func hasChecks(s *model.Schema) bool {
	if s.Bool != nil {
		return !*s.Bool
	}
	return s.Ref != nil || s.DynamicRef != nil || len(s.Types) > 0 || s.Const != nil || s.Enum != nil ||
		len(s.Properties) > 0 || len(s.Required) > 0 || s.AdditionalProperties != nil || len(s.PatternProperties) > 0 ||
		s.PropertyNames != nil || s.MinProperties != nil || s.MaxProperties != nil || len(s.DependentRequired) > 0 || len(s.DependentSchemas) > 0 ||
		s.Items != nil || len(s.PrefixItems) > 0 || s.Contains != nil || s.MinItems != nil || s.MaxItems != nil || s.UniqueItems ||
		s.Minimum != nil || s.Maximum != nil || s.ExclusiveMinimum != nil || s.ExclusiveMaximum != nil || s.MultipleOf != nil ||
		s.MinLength != nil || s.MaxLength != nil || s.Pattern != nil || s.Format != "" ||
		len(s.AllOf) > 0 || len(s.AnyOf) > 0 || len(s.OneOf) > 0 || s.Not != nil || s.If != nil ||
		s.UnevaluatedProperties != nil && hasChecks(s.UnevaluatedProperties) ||
		s.UnevaluatedItems != nil && hasChecks(s.UnevaluatedItems)
}

// emitAll emits every queued validator, then the package variables they use.
func (v *validators) emitAll(patterns []*model.Pattern) {
	for len(v.queue) > 0 || len(v.evals) > 0 {
		if len(v.queue) > 0 {
			s := v.queue[0]
			v.queue = v.queue[1:]
			v.emitFunc(s)
			continue
		}
		job := v.evals[0]
		v.evals = v.evals[1:]
		v.emitEval(job)
	}
	var defs []Code
	for _, p := range patterns {
		if p != nil {
			defs = append(defs, Id(p.Var).Op("=").Qual(rt, "MustPattern").Call(Lit(p.Source)))
		}
	}
	for _, name := range sortedKeys(v.formats) {
		defs = append(defs, Id(v.formats[name]).Op("=").Qual(rt, "MustFormat").Call(Lit(name)))
	}
	for _, lit := range sortedKeys(v.consts) {
		defs = append(defs, Id(v.consts[lit]).Op("=").Qual(rt, "MustParse").Call(Lit(lit)))
	}
	if len(defs) > 0 {
		v.f.Var().Defs(defs...)
	}
	if len(v.keys) > 0 {
		names := make([]string, 0, len(v.keys))
		for k := range v.keys {
			names = append(names, k)
		}
		sort.Strings(names)
		var args []Code
		for _, n := range names {
			args = append(args, Lit(n))
		}
		v.f.Func().Id("init").Params().Block(
			Comment("Parsing these property names and constant strings allocates nothing."),
			Qual(rt, "RegisterKeys").Call(args...),
		)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (v *validators) emitFunc(s *model.Schema) {
	name := v.named[s]
	v.f.Commentf("%s checks a value against %s.", name, s.Loc)
	v.f.Func().Id(name).Params(
		Id("v").Op("*").Qual(rt, "Value"),
		Id("p").Op("*").Qual(rt, "Ptr"),
		Id("e").Op("*").Qual(rt, "Errors"),
	).BlockFunc(func(g *Group) { v.checks(g, s, name) })
}

func kw(s *model.Schema, path ...string) string {
	return s.Loc + "/" + strings.Join(path, "/")
}

func escapeTok(t string) string {
	return strings.ReplaceAll(strings.ReplaceAll(t, "~", "~0"), "/", "~1")
}

func kindIs(k string) *Statement { return Id("v").Dot("Kind").Op("==").Qual(rt, k) }

// checks emits the body of s's validator.
func (v *validators) checks(g *Group, s *model.Schema, name string) {
	if s.Bool != nil {
		if !*s.Bool {
			g.Id("e").Dot("Add").Call(Id("p"), Lit(s.Loc), Lit("no value is allowed here (false schema)"))
		}
		return
	}
	if s.Ref != nil {
		g.Id(v.funcOf(s.Ref, "", "")).Call(Id("v"), Id("p"), Id("e"))
	}
	if s.DynamicRef != nil {
		g.Id(v.funcOf(s.DynamicRef, "", "")).Call(Id("v"), Id("p"), Id("e"))
	}
	if len(s.Types) > 0 {
		var conds []Code
		for _, t := range s.Types {
			conds = append(conds, typeCond(t))
		}
		g.If(Op("!").Parens(orAll(conds))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "type")), Qual(rt, "TypeError").Call(Id("v"), Lit(strings.Join(s.Types, " or ")))),
		)
	}
	if s.Const != nil {
		g.If(Op("!").Add(v.equals(*s.Const))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "const")), Lit("value must be "+*s.Const)),
		)
	}
	if s.Enum != nil {
		var conds []Code
		for _, lit := range s.Enum {
			conds = append(conds, v.equals(lit))
		}
		if len(conds) == 0 {
			conds = append(conds, False())
		}
		g.If(Op("!").Parens(orAll(conds))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "enum")), Lit("value must be one of "+strings.Join(s.Enum, ", "))),
		)
	}
	v.objectChecks(g, s, name)
	v.arrayChecks(g, s, name)
	v.numberChecks(g, s)
	v.stringChecks(g, s)
	for i, sub := range s.AllOf {
		if hasChecks(sub) {
			g.Id(v.funcOf(sub, name, "allOf"+strconv.Itoa(i))).Call(Id("v"), Id("p"), Id("e"))
		}
	}
	if len(s.AnyOf) > 0 {
		v.anyOf(g, s, name)
	}
	if len(s.OneOf) > 0 {
		v.oneOf(g, s, name)
	}
	if s.Not != nil {
		fn := v.funcOf(s.Not, name, "not")
		g.If(Op("!").Id("fails").Call(Id(fn), Id("v"), Id("p"))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "not")), Lit("must not be valid against the not schema")),
		)
		v.needFails()
	}
	v.unevaluated(g, s, name)
	if s.If != nil && (s.Then != nil || s.Else != nil) {
		fn := v.funcOf(s.If, name, "if")
		v.needFails()
		var thenCode, elseCode []Code
		if s.Then != nil && hasChecks(s.Then) {
			thenCode = append(thenCode, Id(v.funcOf(s.Then, name, "then")).Call(Id("v"), Id("p"), Id("e")))
		}
		if s.Else != nil && hasChecks(s.Else) {
			elseCode = append(elseCode, Id(v.funcOf(s.Else, name, "else")).Call(Id("v"), Id("p"), Id("e")))
		}
		if len(thenCode) > 0 || len(elseCode) > 0 {
			g.If(Op("!").Id("fails").Call(Id(fn), Id("v"), Id("p"))).Block(thenCode...).Else().Block(elseCode...)
		}
	}
}

func (v *validators) needFails() { v.used["fails"] = true }

func typeCond(t string) Code {
	switch t {
	case "null":
		return kindIs("Null")
	case "boolean":
		return kindIs("Bool")
	case "object":
		return kindIs("Object")
	case "array":
		return kindIs("Array")
	case "number":
		return kindIs("Number")
	case "string":
		return kindIs("String")
	case "integer":
		return Id("v").Dot("IsInteger").Call()
	}
	return False()
}

func orAll(conds []Code) *Statement {
	s := Add(conds[0])
	for _, c := range conds[1:] {
		s = s.Op("||").Add(c)
	}
	return s
}

// equals emits a test of v against a JSON literal: direct for strings,
// booleans and null; through a parsed constant otherwise.
func (v *validators) equals(lit string) Code {
	switch {
	case lit == "null":
		return Parens(kindIs("Null"))
	case lit == "true" || lit == "false":
		return Parens(kindIs("Bool").Op("&&").Id("v").Dot("Bool").Op("==").Lit(lit == "true"))
	case strings.HasPrefix(lit, `"`):
		s, err := strconv.Unquote(lit)
		if err == nil {
			v.keys[s] = true // interned: parsing an expected value allocates nothing
			return Parens(kindIs("String").Op("&&").Id("v").Dot("Str").Op("==").Lit(s))
		}
	}
	name, ok := v.consts[lit]
	if !ok {
		name = fmt.Sprintf("literal%d", len(v.consts))
		v.consts[lit] = name
	}
	return Qual(rt, "Equal").Call(Id("v"), Op("&").Id(name))
}

func (v *validators) objectChecks(g *Group, s *model.Schema, name string) {
	var body []Code
	body = append(body, v.propertyLoop(s, name)...)
	if s.MinProperties != nil {
		body = append(body, If(Len(Id("v").Dot("Members")).Op("<").Lit(*s.MinProperties)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "minProperties")), Lit(fmt.Sprintf("must have at least %d properties", *s.MinProperties)))))
	}
	if s.MaxProperties != nil {
		body = append(body, If(Len(Id("v").Dot("Members")).Op(">").Lit(*s.MaxProperties)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "maxProperties")), Lit(fmt.Sprintf("must have at most %d properties", *s.MaxProperties)))))
	}
	for _, d := range s.DependentRequired {
		var inner []Code
		for _, r := range d.Requires {
			inner = append(inner, If(Id("v").Dot("Get").Call(Lit(r)).Op("==").Nil()).Block(
				Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "dependentRequired", escapeTok(d.Name))), Lit(fmt.Sprintf("property %q requires property %q", d.Name, r)))))
		}
		body = append(body, If(Id("v").Dot("Get").Call(Lit(d.Name)).Op("!=").Nil()).Block(inner...))
	}
	for _, d := range s.DependentSchemas {
		if hasChecks(d.Schema) {
			fn := v.funcOf(d.Schema, name, model.GoName(d.Name)+"Dependent")
			body = append(body, If(Id("v").Dot("Get").Call(Lit(d.Name)).Op("!=").Nil()).Block(Id(fn).Call(Id("v"), Id("p"), Id("e"))))
		}
	}
	if member := v.memberLoop(s, name); member != nil {
		body = append(body, member)
	}
	if len(body) > 0 {
		g.If(kindIs("Object")).Block(body...)
	}
}

// propertyLoop emits properties and required as one pass over the
// members: a switch on each key validates declared properties and records
// required ones in a bit set, then the missing required ones are reported.
func (v *validators) propertyLoop(s *model.Schema, name string) []Code {
	var required []string
	seen := map[string]bool{}
	for _, r := range s.Required {
		if !seen[r] {
			seen[r] = true
			required = append(required, r)
		}
	}
	bit := map[string]int{}
	var out []Code
	for i, r := range required {
		if i < 64 {
			bit[r] = i
			continue
		}
		out = append(out, If(Id("v").Dot("Get").Call(Lit(r)).Op("==").Nil()).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "required")), Lit(fmt.Sprintf("missing required property %q", r)))))
	}
	var cases []Code
	handled := map[string]bool{}
	for _, prop := range s.Properties {
		v.keys[prop.Name] = true
		var body []Code
		if b, ok := bit[prop.Name]; ok {
			body = append(body, Id("found").Op("|=").Lit(uint64(1)<<b))
		}
		if hasChecks(prop.Schema) {
			fn := v.funcOf(prop.Schema, name, model.GoName(prop.Name)+"Prop")
			body = append(body,
				Id("cp").Op(":=").Id("p").Dot("Key").Call(Lit(prop.Name)),
				Id(fn).Call(Op("&").Id("m").Dot("Value"), Op("&").Id("cp"), Id("e")))
		}
		if len(body) > 0 {
			cases = append(cases, Case(Lit(prop.Name)).Block(body...))
			handled[prop.Name] = true
		}
	}
	for _, r := range required {
		if b, ok := bit[r]; ok && !handled[r] {
			cases = append(cases, Case(Lit(r)).Block(Id("found").Op("|=").Lit(uint64(1)<<b)))
		}
	}
	if len(cases) == 0 {
		return out
	}
	var loop []Code
	if len(bit) > 0 {
		loop = append(loop, Var().Id("found").Uint64())
	}
	loop = append(loop, For(Id("i").Op(":=").Range().Id("v").Dot("Members")).Block(
		Id("m").Op(":=").Op("&").Id("v").Dot("Members").Index(Id("i")),
		Switch(Id("m").Dot("Key")).Block(cases...),
	))
	for _, r := range required {
		if b, ok := bit[r]; ok {
			loop = append(loop, If(Id("found").Op("&").Lit(uint64(1)<<b).Op("==").Lit(0)).Block(
				Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "required")), Lit(fmt.Sprintf("missing required property %q", r)))))
		}
	}
	return append(out, Block(loop...))
}

// memberLoop emits the checks that look at every member: patternProperties,
// additionalProperties and propertyNames.
func (v *validators) memberLoop(s *model.Schema, name string) Code {
	needAdditional := s.AdditionalProperties != nil && hasChecks(s.AdditionalProperties)
	needNames := s.PropertyNames != nil && hasChecks(s.PropertyNames)
	var pats []*model.PatternSchema // the patterns that matter: they check, or exempt from additionalProperties
	for _, pp := range s.PatternProperties {
		if pp.Pattern != nil && (needAdditional || hasChecks(pp.Schema)) {
			pats = append(pats, pp)
		}
	}
	if !needAdditional && len(pats) == 0 && !needNames {
		return nil
	}
	var body []Code
	body = append(body, Id("m").Op(":=").Op("&").Id("v").Dot("Members").Index(Id("i")))
	if needNames {
		fn := v.funcOf(s.PropertyNames, name, "propertyNames")
		body = append(body,
			Id("key").Op(":=").Qual(rt, "Value").Values(Dict{Id("Kind"): Qual(rt, "String"), Id("Str"): Id("m").Dot("Key")}),
			Id("kp").Op(":=").Id("p").Dot("Key").Call(Id("m").Dot("Key")),
			Id(fn).Call(Op("&").Id("key"), Op("&").Id("kp"), Id("e")),
		)
	}
	if needAdditional {
		var declared []Code
		for _, prop := range s.Properties {
			declared = append(declared, Id("m").Dot("Key").Op("==").Lit(prop.Name))
		}
		matched := False()
		if len(declared) > 0 {
			matched = orAll(declared)
		}
		body = append(body, Id("matched").Op(":=").Add(matched))
	}
	for i, pp := range pats {
		var inner []Code
		if needAdditional {
			inner = append(inner, Id("matched").Op("=").True())
		}
		if hasChecks(pp.Schema) {
			fn := v.funcOf(pp.Schema, name, "pattern"+strconv.Itoa(i))
			inner = append(inner, Id("cp").Op(":=").Id("p").Dot("Key").Call(Id("m").Dot("Key")), Id(fn).Call(Op("&").Id("m").Dot("Value"), Op("&").Id("cp"), Id("e")))
		}
		if len(inner) > 0 {
			body = append(body, If(Id(pp.Pattern.Var).Dot("MatchString").Call(Id("m").Dot("Key"))).Block(inner...))
		}
	}
	if needAdditional {
		fn := v.funcOf(s.AdditionalProperties, name, "additional")
		if s.AdditionalProperties.Bool != nil && !*s.AdditionalProperties.Bool {
			body = append(body, If(Op("!").Id("matched")).Block(
				Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "additionalProperties")), Qual("fmt", "Sprintf").Call(Lit("additional property %q is not allowed"), Id("m").Dot("Key")))))
		} else {
			body = append(body, If(Op("!").Id("matched")).Block(
				Id("cp").Op(":=").Id("p").Dot("Key").Call(Id("m").Dot("Key")),
				Id(fn).Call(Op("&").Id("m").Dot("Value"), Op("&").Id("cp"), Id("e"))))
		}
	}
	return For(Id("i").Op(":=").Range().Id("v").Dot("Members")).Block(body...)
}

func (v *validators) arrayChecks(g *Group, s *model.Schema, name string) {
	var body []Code
	n := Len(Id("v").Dot("Items"))
	if s.MinItems != nil {
		body = append(body, If(n.Clone().Op("<").Lit(*s.MinItems)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "minItems")), Lit(fmt.Sprintf("must have at least %d items", *s.MinItems)))))
	}
	if s.MaxItems != nil {
		body = append(body, If(n.Clone().Op(">").Lit(*s.MaxItems)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "maxItems")), Lit(fmt.Sprintf("must have at most %d items", *s.MaxItems)))))
	}
	if s.UniqueItems {
		body = append(body, If(List(Id("ok"), Id("i"), Id("j")).Op(":=").Qual(rt, "Unique").Call(Id("v").Dot("Items")), Op("!").Id("ok")).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "uniqueItems")), Qual("fmt", "Sprintf").Call(Lit("items at %d and %d are equal"), Id("i"), Id("j")))))
	}
	for i, item := range s.PrefixItems {
		if hasChecks(item) {
			fn := v.funcOf(item, name, "prefix"+strconv.Itoa(i))
			body = append(body, If(n.Clone().Op(">").Lit(i)).Block(
				Id("cp").Op(":=").Id("p").Dot("Index").Call(Lit(i)),
				Id(fn).Call(Op("&").Id("v").Dot("Items").Index(Lit(i)), Op("&").Id("cp"), Id("e"))))
		}
	}
	if s.Items != nil && hasChecks(s.Items) {
		fn := v.funcOf(s.Items, name, "items")
		body = append(body, For(Id("i").Op(":=").Lit(len(s.PrefixItems)), Id("i").Op("<").Len(Id("v").Dot("Items")), Id("i").Op("++")).Block(
			Id("cp").Op(":=").Id("p").Dot("Index").Call(Id("i")),
			Id(fn).Call(Op("&").Id("v").Dot("Items").Index(Id("i")), Op("&").Id("cp"), Id("e"))))
	}
	if s.Contains != nil {
		fn := v.funcOf(s.Contains, name, "contains")
		v.needFails()
		body = append(body,
			Id("count").Op(":=").Lit(0),
			For(Id("i").Op(":=").Range().Id("v").Dot("Items")).Block(
				Id("cp").Op(":=").Id("p").Dot("Index").Call(Id("i")),
				If(Op("!").Id("fails").Call(Id(fn), Op("&").Id("v").Dot("Items").Index(Id("i")), Op("&").Id("cp"))).Block(Id("count").Op("++")),
			))
		min := 1
		if s.MinContains != nil {
			min = *s.MinContains
		}
		body = append(body, If(Id("count").Op("<").Lit(min)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "contains")), Lit(fmt.Sprintf("must contain at least %d matching items", min)))))
		if s.MaxContains != nil {
			body = append(body, If(Id("count").Op(">").Lit(*s.MaxContains)).Block(
				Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "maxContains")), Lit(fmt.Sprintf("must contain at most %d matching items", *s.MaxContains)))))
		}
	}
	if len(body) > 0 {
		g.If(kindIs("Array")).Block(body...)
	}
}

func (v *validators) numberChecks(g *Group, s *model.Schema) {
	var body []Code
	add := func(lit *string, op, keyword, msg string) {
		if lit == nil {
			return
		}
		body = append(body, If(Qual(rt, "Compare").Call(Id("v"), Lit(*lit)).Op(op).Lit(0)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, keyword)), Lit(msg+" "+*lit))))
	}
	add(s.Minimum, "<", "minimum", "must be at least")
	add(s.Maximum, ">", "maximum", "must be at most")
	add(s.ExclusiveMinimum, "<=", "exclusiveMinimum", "must be greater than")
	add(s.ExclusiveMaximum, ">=", "exclusiveMaximum", "must be less than")
	if s.MultipleOf != nil {
		body = append(body, If(Op("!").Qual(rt, "MultipleOf").Call(Id("v"), Lit(*s.MultipleOf))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "multipleOf")), Lit("must be a multiple of "+*s.MultipleOf))))
	}
	if len(body) > 0 {
		g.If(kindIs("Number")).Block(body...)
	}
}

func (v *validators) stringChecks(g *Group, s *model.Schema) {
	var body []Code
	if s.MinLength != nil {
		body = append(body, If(Qual(rt, "RuneCount").Call(Id("v").Dot("Str")).Op("<").Lit(*s.MinLength)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "minLength")), Lit(fmt.Sprintf("must be at least %d characters long", *s.MinLength)))))
	}
	if s.MaxLength != nil {
		body = append(body, If(Qual(rt, "RuneCount").Call(Id("v").Dot("Str")).Op(">").Lit(*s.MaxLength)).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "maxLength")), Lit(fmt.Sprintf("must be at most %d characters long", *s.MaxLength)))))
	}
	if s.Pattern != nil {
		body = append(body, If(Op("!").Id(s.Pattern.Var).Dot("MatchString").Call(Id("v").Dot("Str"))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "pattern")), Lit(fmt.Sprintf("does not match pattern %q", s.Pattern.Source)))))
	}
	if s.Format != "" {
		name, ok := v.formats[s.Format]
		if !ok {
			name = "format" + model.GoName(s.Format)
			v.formats[s.Format] = name
		}
		body = append(body, If(Op("!").Id(name).Call(Id("v").Dot("Str"))).Block(
			Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "format")), Lit(fmt.Sprintf("is not a valid %s", s.Format)))))
	}
	if len(body) > 0 {
		g.If(kindIs("String")).Block(body...)
	}
}

// anyOf: valid when one branch is; otherwise every branch's violations are
// reported.
func (v *validators) anyOf(g *Group, s *model.Schema, name string) {
	var body []Code
	body = append(body, Var().Id("branches").Qual(rt, "Errors"), Var().Id("n").Int())
	for i, sub := range s.AnyOf {
		fn := v.funcOf(sub, name, "anyOf"+strconv.Itoa(i))
		body = append(body,
			Id("n").Op("=").Id("branches").Dot("Len").Call(),
			Id(fn).Call(Id("v"), Id("p"), Op("&").Id("branches")),
			If(Id("branches").Dot("Len").Call().Op("==").Id("n")).Block(Return()),
		)
	}
	body = append(body,
		Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "anyOf")), Lit("does not match any schema of anyOf")),
		Id("e").Dot("Append").Call(Op("&").Id("branches")),
	)
	g.Func().Params().Block(body...).Call()
}

// oneOf: valid when exactly one branch is.
func (v *validators) oneOf(g *Group, s *model.Schema, name string) {
	var body []Code
	body = append(body, Var().Id("branches").Qual(rt, "Errors"), Var().Id("n").Int(), Id("valid").Op(":=").Lit(-1))
	for i, sub := range s.OneOf {
		fn := v.funcOf(sub, name, "oneOf"+strconv.Itoa(i))
		body = append(body,
			Id("n").Op("=").Id("branches").Dot("Len").Call(),
			Id(fn).Call(Id("v"), Id("p"), Op("&").Id("branches")),
			If(Id("branches").Dot("Len").Call().Op("==").Id("n")).Block(
				If(Id("valid").Op(">=").Lit(0)).Block(
					Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "oneOf")), Qual("fmt", "Sprintf").Call(Lit("valid against more than one schema of oneOf (%d and %d)"), Id("valid"), Lit(i))),
					Return(),
				),
				Id("valid").Op("=").Lit(i),
			),
		)
	}
	body = append(body, If(Id("valid").Op("<").Lit(0)).Block(
		Id("e").Dot("Add").Call(Id("p"), Lit(kw(s, "oneOf")), Lit("does not match any schema of oneOf")),
		Id("e").Dot("Append").Call(Op("&").Id("branches")),
	))
	g.Func().Params().Block(body...).Call()
}

// emitFails emits the helper that runs a validator to learn only whether
// it fails (not, if, contains).
func (v *validators) emitFails() {
	if !v.used["fails"] {
		return
	}
	v.f.Comment("fails reports whether validate finds a violation in v.")
	v.f.Func().Id("fails").Params(
		Id("validate").Func().Params(Op("*").Qual(rt, "Value"), Op("*").Qual(rt, "Ptr"), Op("*").Qual(rt, "Errors")),
		Id("v").Op("*").Qual(rt, "Value"), Id("p").Op("*").Qual(rt, "Ptr"),
	).Bool().Block(
		Var().Id("e").Qual(rt, "Errors"),
		Id("validate").Call(Id("v"), Id("p"), Op("&").Id("e")),
		Return(Id("e").Dot("Len").Call().Op(">").Lit(0)),
	)
}

// evalKey names an annotation collector: which members (props) or items
// a schema evaluates.
type evalKey struct {
	s     *model.Schema
	items bool
}

type evalJob struct {
	key  evalKey
	name string
}

// evalOf returns the collector function of s, queueing it when new.
func (v *validators) evalOf(s *model.Schema, items bool) string {
	if s.Ref != nil && onlyRef(s) {
		return v.evalOf(s.Ref, items)
	}
	k := evalKey{s, items}
	if name, ok := v.evalFn[k]; ok {
		return name
	}
	kind := "evalProps"
	if items {
		kind = "evalItems"
	}
	base := kind + strings.TrimPrefix(v.funcOf(s, "anon", "eval"), "validate")
	name := base
	for i := 2; v.used[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	v.used[name] = true
	v.evalFn[k] = name
	v.evals = append(v.evals, evalJob{k, name})
	v.needFails()
	return name
}

// unevaluated emits unevaluatedProperties and unevaluatedItems: the
// members or items no adjacent or in-place keyword evaluated are checked
// against the subschema.
func (v *validators) unevaluated(g *Group, s *model.Schema, name string) {
	if u := s.UnevaluatedProperties; u != nil && hasChecks(u) {
		fn := v.funcOf(u, name, "unevaluatedProperties")
		g.If(kindIs("Object")).Block(
			Var().Id("marks").Qual(rt, "Marks"),
			Id(v.evalOf(s, false)).Call(Id("v"), Id("p"), Op("&").Id("marks"), True()),
			For(Id("i").Op(":=").Range().Id("v").Dot("Members")).Block(
				If(Op("!").Id("marks").Dot("Has").Call(Id("i"))).Block(
					Id("cp").Op(":=").Id("p").Dot("Key").Call(Id("v").Dot("Members").Index(Id("i")).Dot("Key")),
					Id(fn).Call(Op("&").Id("v").Dot("Members").Index(Id("i")).Dot("Value"), Op("&").Id("cp"), Id("e")),
				),
			),
		)
	}
	if u := s.UnevaluatedItems; u != nil && hasChecks(u) {
		fn := v.funcOf(u, name, "unevaluatedItems")
		g.If(kindIs("Array")).Block(
			Var().Id("marks").Qual(rt, "Marks"),
			Id(v.evalOf(s, true)).Call(Id("v"), Id("p"), Op("&").Id("marks"), True()),
			For(Id("i").Op(":=").Range().Id("v").Dot("Items")).Block(
				If(Op("!").Id("marks").Dot("Has").Call(Id("i"))).Block(
					Id("cp").Op(":=").Id("p").Dot("Index").Call(Id("i")),
					Id(fn).Call(Op("&").Id("v").Dot("Items").Index(Id("i")), Op("&").Id("cp"), Id("e")),
				),
			),
		)
	}
}

// emitEval emits a collector: it marks what s evaluates in v, following
// $ref and the in-place applicators whose subschemas v satisfies. top is
// false below the schema that asked, where a nested unevaluated keyword
// evaluates everything.
func (v *validators) emitEval(job evalJob) {
	s, items := job.key.s, job.key.items
	call := func(sub *model.Schema) Code {
		return Id(v.evalOf(sub, items)).Call(Id("v"), Id("p"), Id("m"), False())
	}
	valid := func(sub *model.Schema, suffix string) Code {
		return Op("!").Id("fails").Call(Id(v.funcOf(sub, "anon", suffix)), Id("v"), Id("p"))
	}
	v.f.Commentf("%s marks the %s that %s evaluates.", job.name, map[bool]string{false: "members", true: "items"}[items], s.Loc)
	v.f.Func().Id(job.name).Params(
		Id("v").Op("*").Qual(rt, "Value"), Id("p").Op("*").Qual(rt, "Ptr"), Id("m").Op("*").Qual(rt, "Marks"), Id("top").Bool(),
	).BlockFunc(func(g *Group) {
		if s.Bool != nil {
			return
		}
		if !items {
			g.If(Id("v").Dot("Kind").Op("!=").Qual(rt, "Object")).Block(Return())
			if s.UnevaluatedProperties != nil {
				g.If(Op("!").Id("top")).Block(Id("m").Dot("SetAll").Call(Len(Id("v").Dot("Members"))), Return())
			}
			if s.AdditionalProperties != nil {
				g.Id("m").Dot("SetAll").Call(Len(Id("v").Dot("Members")))
			} else if len(s.Properties) > 0 || len(s.PatternProperties) > 0 {
				var body []Code
				var names []Code
				for _, prop := range s.Properties {
					names = append(names, Lit(prop.Name))
				}
				body = append(body, Id("key").Op(":=").Id("v").Dot("Members").Index(Id("i")).Dot("Key"))
				if len(names) > 0 {
					body = append(body, Switch(Id("key")).Block(Case(names...).Block(Id("m").Dot("Set").Call(Id("i")))))
				}
				for _, pp := range s.PatternProperties {
					if pp.Pattern != nil {
						body = append(body, If(Id(pp.Pattern.Var).Dot("MatchString").Call(Id("key"))).Block(Id("m").Dot("Set").Call(Id("i"))))
					}
				}
				g.For(Id("i").Op(":=").Range().Id("v").Dot("Members")).Block(body...)
			}
			for i, d := range s.DependentSchemas {
				g.If(Id("v").Dot("Get").Call(Lit(d.Name)).Op("!=").Nil()).Block(call(d.Schema))
				_ = i
			}
		} else {
			g.If(Id("v").Dot("Kind").Op("!=").Qual(rt, "Array")).Block(Return())
			if s.UnevaluatedItems != nil {
				g.If(Op("!").Id("top")).Block(Id("m").Dot("SetAll").Call(Len(Id("v").Dot("Items"))), Return())
			}
			if s.Items != nil {
				g.Id("m").Dot("SetAll").Call(Len(Id("v").Dot("Items")))
			} else if len(s.PrefixItems) > 0 {
				g.Id("m").Dot("SetAll").Call(Min(Len(Id("v").Dot("Items")), Lit(len(s.PrefixItems))))
			}
			if s.Contains != nil {
				fn := v.funcOf(s.Contains, "anon", "contains")
				g.For(Id("i").Op(":=").Range().Id("v").Dot("Items")).Block(
					Id("cp").Op(":=").Id("p").Dot("Index").Call(Id("i")),
					If(Op("!").Id("fails").Call(Id(fn), Op("&").Id("v").Dot("Items").Index(Id("i")), Op("&").Id("cp"))).Block(Id("m").Dot("Set").Call(Id("i"))),
				)
			}
		}
		if s.Ref != nil {
			g.Add(call(s.Ref))
		}
		if s.DynamicRef != nil {
			g.Add(call(s.DynamicRef))
		}
		for _, sub := range s.AllOf {
			g.Add(call(sub))
		}
		for i, sub := range s.AnyOf {
			g.If(valid(sub, fmt.Sprintf("anyOf%d", i))).Block(call(sub))
		}
		for i, sub := range s.OneOf {
			g.If(valid(sub, fmt.Sprintf("oneOf%d", i))).Block(call(sub))
		}
		if s.If != nil {
			var then, els []Code
			then = append(then, call(s.If))
			if s.Then != nil {
				then = append(then, call(s.Then))
			}
			if s.Else != nil {
				els = append(els, call(s.Else))
			}
			g.If(valid(s.If, "if")).Block(then...).Else().Block(els...)
		}
	})
}
