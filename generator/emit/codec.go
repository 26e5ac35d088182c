package emit

import (
	"fmt"

	. "github.com/dave/jennifer/jen"

	"github.com/hookcontract/hookcontract/generator/model"
)

// emitCodec emits MarshalJSON, UnmarshalJSON, Validate and the internal
// encode/decode methods of a named type.
//
// Decoding always validates: UnmarshalJSON parses, runs the generated
// validator and only then fills the value, so a decoded value is valid.
// Properties the schema does not declare are accepted (objects are open)
// and dropped: they are not kept in the struct.
func emitCodec(f *File, t *model.Type) {
	if t.Kind == model.Union {
		emitUnionCodec(f, t)
		return
	}
	recv := Id("x").Op("*").Id(t.Name)
	f.Comment("MarshalJSON encodes x without reflection.")
	f.Func().Params(Id("x").Id(t.Name)).Id("MarshalJSON").Params().Params(Index().Byte(), Error()).Block(
		Var().Id("e").Qual(jx, "Encoder"),
		Id("x").Dot("encode").Call(Op("&").Id("e")),
		Return(Id("e").Dot("Bytes").Call(), Nil()),
	)
	f.Comment("UnmarshalJSON decodes and validates data: on error x is unchanged and the")
	f.Comment("error is a *hookrt.ValidationError listing every violation, or a syntax error.")
	f.Func().Params(recv).Id("UnmarshalJSON").Params(Id("data").Index().Byte()).Error().Block(
		parseAndDecode(rawFree(t, map[*model.Type]bool{}), func(v *Statement) *Statement { return Id("x").Dot("decodeValue").Call(v) }, Err())...,
	)
	f.Comment("decodeValue validates v and decodes it into x.")
	f.Func().Params(recv).Id("decodeValue").Params(Id("v").Op("*").Qual(rt, "Value")).Error().Block(
		Var().Id("e").Qual(rt, "Errors"),
		Id(t.Schema.Func).Call(Id("v"), Op("&").Qual(rt, "Ptr").Values(), Op("&").Id("e")),
		If(Err().Op(":=").Id("e").Dot("Err").Call(), Err().Op("!=").Nil()).Block(Return(Err())),
		Var().Id("zero").Id(t.Name),
		Op("*").Id("x").Op("=").Id("zero"),
		Id("x").Dot("decode").Call(Id("v")),
		Return(Nil()),
	)
	f.Comment("Validate checks x against its schema and returns every violation as a")
	f.Comment("*hookrt.ValidationError, or nil.")
	f.Func().Params(Id("x").Id(t.Name)).Id("Validate").Params().Error().Block(
		Var().Id("enc").Qual(jx, "Encoder"),
		Id("x").Dot("encode").Call(Op("&").Id("enc")),
		List(Id("v"), Err()).Op(":=").Qual(rt, "Parse").Call(Id("enc").Dot("Bytes").Call(), Qual(rt, "Limits").Values()),
		If(Err().Op("!=").Nil()).Block(Return(Err())),
		Var().Id("e").Qual(rt, "Errors"),
		Id(t.Schema.Func).Call(Op("&").Id("v"), Op("&").Qual(rt, "Ptr").Values(), Op("&").Id("e")),
		Return(Id("e").Dot("Err").Call()),
	)
	switch t.Kind {
	case model.Enum:
		f.Func().Params(Id("x").Id(t.Name)).Id("encode").Params(Id("e").Op("*").Qual(jx, "Encoder")).Block(
			Id("e").Dot("Str").Call(String().Call(Id("x"))),
		)
		f.Func().Params(recv).Id("decode").Params(Id("v").Op("*").Qual(rt, "Value")).Block(
			Op("*").Id("x").Op("=").Id(t.Name).Call(Id("v").Dot("Str")),
		)
	case model.Struct:
		emitStructEncode(f, t)
		emitStructDecode(f, t)
	}
}

func emitStructEncode(f *File, t *model.Type) {
	f.Func().Params(Id("x").Id(t.Name)).Id("encode").Params(Id("e").Op("*").Qual(jx, "Encoder")).BlockFunc(func(g *Group) {
		g.Id("e").Dot("ObjStart").Call()
		for _, c := range t.Consts {
			g.Id("e").Dot("FieldStart").Call(Lit(c.JSON))
			g.Id("e").Dot("Raw").Call(Index().Byte().Call(Lit(c.Literal)))
		}
		for _, fl := range t.Fields {
			val := Id("x").Dot(fl.Name)
			var body []Code
			body = append(body, Id("e").Dot("FieldStart").Call(Lit(fl.JSON)))
			inner := val
			if !fl.Required && !nilable(fl) {
				inner = Parens(Op("*").Add(val.Clone()))
			}
			if fl.Nullable {
				body = append(body, If(inner.Clone().Dot("Valid")).Block(encodeValue(inner.Clone().Dot("Value"), fl.Type, 0)...).Else().Block(Id("e").Dot("Null").Call()))
			} else {
				body = append(body, encodeValue(inner, fl.Type, 0)...)
			}
			if fl.Required {
				for _, c := range body {
					g.Add(c)
				}
			} else {
				g.If(val.Clone().Op("!=").Nil()).Block(body...)
			}
		}
		g.Id("e").Dot("ObjEnd").Call()
	})
}

// encodeValue returns statements writing expr (of Go type g) to e.
func encodeValue(expr *Statement, g model.GoType, depth int) []Code {
	e := Id("e")
	switch g.Kind {
	case model.String:
		return []Code{e.Dot("Str").Call(expr)}
	case model.Int:
		return []Code{e.Dot("Int64").Call(expr)}
	case model.Float:
		return []Code{e.Dot("Float64").Call(expr)}
	case model.Bool:
		return []Code{e.Dot("Bool").Call(expr)}
	case model.Time:
		return []Code{e.Dot("Str").Call(Qual(rt, "FormatDateTime").Call(expr))}
	case model.Named:
		if g.Ref.Kind == model.Union {
			return []Code{Id("encode"+g.Ref.Name).Call(Id("e"), expr)}
		}
		return []Code{expr.Dot("encode").Call(Id("e"))}
	case model.Slice:
		item := Id(fmt.Sprintf("item%d", depth))
		return []Code{
			Id("e").Dot("ArrStart").Call(),
			For(List(Id("_"), item.Clone()).Op(":=").Range().Add(expr)).Block(encodeValue(item.Clone(), *g.Elem, depth+1)...),
			Id("e").Dot("ArrEnd").Call(),
		}
	case model.Map:
		keys := Id(fmt.Sprintf("keys%d", depth))
		k := Id(fmt.Sprintf("k%d", depth))
		return []Code{
			keys.Clone().Op(":=").Make(Index().String(), Lit(0), Len(expr)),
			For(k.Clone().Op(":=").Range().Add(expr.Clone())).Block(keys.Clone().Op("=").Append(keys.Clone(), k.Clone())),
			Qual("sort", "Strings").Call(keys.Clone()),
			Id("e").Dot("ObjStart").Call(),
			For(List(Id("_"), k.Clone()).Op(":=").Range().Add(keys.Clone())).Block(
				append([]Code{Id("e").Dot("FieldStart").Call(k.Clone())}, encodeValue(expr.Clone().Index(k.Clone()), *g.Elem, depth+1)...)...,
			),
			Id("e").Dot("ObjEnd").Call(),
		}
	}
	return []Code{expr.Dot("Encode").Call(Id("e"))}
}

func emitStructDecode(f *File, t *model.Type) {
	f.Comment("decode fills x from v, which its validator accepted.")
	f.Func().Params(Id("x").Op("*").Id(t.Name)).Id("decode").Params(Id("v").Op("*").Qual(rt, "Value")).BlockFunc(func(g *Group) {
		if len(t.Fields) == 0 {
			return
		}
		g.For(Id("i").Op(":=").Range().Id("v").Dot("Members")).Block(
			Id("m").Op(":=").Op("&").Id("v").Dot("Members").Index(Id("i")),
			Switch(Id("m").Dot("Key")).BlockFunc(func(sw *Group) {
				for _, fl := range t.Fields {
					sw.Case(Lit(fl.JSON)).BlockFunc(func(c *Group) {
						src := Op("&").Id("m").Dot("Value")
						target := Id("x").Dot(fl.Name)
						switch {
						case fl.Nullable && fl.Required:
							c.If(Id("m").Dot("Value").Dot("Kind").Op("!=").Qual(rt, "Null")).Block(
								append([]Code{target.Clone().Dot("Valid").Op("=").True()}, decodeValue(target.Clone().Dot("Value"), fl.Type, src, 0)...)...)
						case fl.Nullable:
							c.Add(target.Clone().Op("=").Op("&").Qual(rt, "Nullable").Types(goType(fl.Type)).Values())
							c.If(Id("m").Dot("Value").Dot("Kind").Op("!=").Qual(rt, "Null")).Block(
								append([]Code{target.Clone().Dot("Valid").Op("=").True()}, decodeValue(target.Clone().Dot("Value"), fl.Type, src, 0)...)...)
						case !fl.Required && !nilable(fl):
							c.Add(target.Clone().Op("=").New(goType(fl.Type)))
							for _, st := range decodeValue(Parens(Op("*").Add(target.Clone())), fl.Type, src, 0) {
								c.Add(st)
							}
						default:
							for _, st := range decodeValue(target, fl.Type, src, 0) {
								c.Add(st)
							}
						}
					})
				}
			}),
		)
	})
}

// decodeValue returns statements setting target (of Go type g) from the
// validated value src (a *hookrt.Value expression).
func decodeValue(target *Statement, g model.GoType, src *Statement, depth int) []Code {
	val := Parens(src.Clone())
	switch g.Kind {
	case model.String:
		return []Code{target.Op("=").Add(val).Dot("Str")}
	case model.Int:
		return []Code{List(target, Id("_")).Op("=").Add(val).Dot("Int").Call()}
	case model.Float:
		return []Code{target.Op("=").Add(val).Dot("Float").Call()}
	case model.Bool:
		return []Code{target.Op("=").Add(val).Dot("Bool")}
	case model.Time:
		return []Code{target.Op("=").Qual(rt, "ParseDateTime").Call(val.Dot("Str"))}
	case model.Named:
		if g.Ref.Kind == model.Union {
			return []Code{target.Op("=").Id("decode" + g.Ref.Name).Call(src)}
		}
		return []Code{target.Dot("decode").Call(src)}
	case model.Slice:
		j := Id(fmt.Sprintf("j%d", depth))
		items := Parens(src.Clone()).Dot("Items")
		return []Code{
			target.Clone().Op("=").Make(goType(g), Len(items.Clone())),
			For(j.Clone().Op(":=").Range().Add(items.Clone())).Block(
				decodeValue(target.Clone().Index(j.Clone()), *g.Elem, Op("&").Add(items.Clone()).Index(j.Clone()), depth+1)...),
		}
	case model.Map:
		j := Id(fmt.Sprintf("j%d", depth))
		members := Parens(src.Clone()).Dot("Members")
		elem := Id(fmt.Sprintf("elem%d", depth))
		return []Code{
			target.Clone().Op("=").Make(goType(g), Len(members.Clone())),
			For(j.Clone().Op(":=").Range().Add(members.Clone())).Block(append(
				append([]Code{Var().Add(elem.Clone()).Add(goType(*g.Elem))},
					decodeValue(elem.Clone(), *g.Elem, Op("&").Add(members.Clone()).Index(j.Clone()).Dot("Value"), depth+1)...),
				target.Clone().Index(members.Clone().Index(j.Clone()).Dot("Key")).Op("=").Add(elem.Clone()))...),
		}
	}
	return []Code{target.Op("=").Op("*").Add(src)}
}

// emitUnionCodec emits the decoder that picks a sum type's variant (the
// first whose schema accepts the value: the only one, for oneOf) and the
// encoder that writes whichever variant it holds.
func emitUnionCodec(f *File, t *model.Type) {
	f.Comment("decode" + t.Name + " returns the variant of " + t.Name + " that v, valid against its schema, matches.")
	f.Func().Id("decode" + t.Name).Params(Id("v").Op("*").Qual(rt, "Value")).Id(t.Name).BlockFunc(func(g *Group) {
		for _, variant := range t.Variants {
			g.Block(
				Var().Id("e").Qual(rt, "Errors"),
				Id(variant.Schema.Func).Call(Id("v"), Op("&").Qual(rt, "Ptr").Values(), Op("&").Id("e")),
				If(Id("e").Dot("Len").Call().Op("==").Lit(0)).Block(
					Var().Id("x").Id(variant.Name),
					Id("x").Dot("decode").Call(Id("v")),
					Return(Id("x")),
				),
			)
		}
		g.Return(Nil())
	})
	f.Comment("encode" + t.Name + " writes the variant x holds; nil is written as null.")
	f.Func().Id("encode"+t.Name).Params(Id("e").Op("*").Qual(jx, "Encoder"), Id("x").Id(t.Name)).Block(
		Switch(Id("x").Op(":=").Id("x").Assert(Type())).BlockFunc(func(g *Group) {
			for _, variant := range t.Variants {
				g.Case(Id(variant.Name)).Block(Id("x").Dot("encode").Call(Id("e")))
				g.Case(Op("*").Id(variant.Name)).Block(Id("x").Dot("encode").Call(Id("e")))
			}
			g.Default().Block(Id("e").Dot("Null").Call())
		}),
	)
}

// rawFree reports whether values of t keep no hookrt.Value, so the parsed
// document's structure can be reused once they are decoded.
func rawFree(t *model.Type, seen map[*model.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	for _, f := range t.Fields {
		if !goTypeRawFree(f.Type, seen) {
			return false
		}
	}
	for _, v := range t.Variants {
		if !rawFree(v, seen) {
			return false
		}
	}
	return true
}

func goTypeRawFree(g model.GoType, seen map[*model.Type]bool) bool {
	switch g.Kind {
	case model.Raw:
		return false
	case model.Named:
		return rawFree(g.Ref, seen)
	case model.Slice, model.Map:
		return goTypeRawFree(*g.Elem, seen)
	}
	return true
}

// parseAndDecode emits: parse data, then return decode(&value). When the
// decoded values keep no hookrt.Value, the document comes from the pool
// and is released after decoding. onErr is what the function returns
// besides the error (nothing for UnmarshalJSON, nil for ParseEvent).
func parseAndDecode(pooled bool, decode func(v *Statement) *Statement, errResult ...Code) []Code {
	ret := func(err Code) Code { return Return(append(append([]Code{}, errResult[:len(errResult)-1]...), err)...) }
	if pooled {
		return []Code{
			List(Id("doc"), Err()).Op(":=").Qual(rt, "ParseDoc").Call(Id("data"), Qual(rt, "Limits").Values()),
			If(Err().Op("!=").Nil()).Block(ret(Err())),
			Defer().Id("doc").Dot("Release").Call(),
			Return(decode(Op("&").Id("doc").Dot("Root"))),
		}
	}
	return []Code{
		List(Id("v"), Err()).Op(":=").Qual(rt, "Parse").Call(Id("data"), Qual(rt, "Limits").Values()),
		If(Err().Op("!=").Nil()).Block(ret(Err())),
		Return(decode(Op("&").Id("v"))),
	}
}
