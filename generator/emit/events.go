package emit

import (
	. "github.com/dave/jennifer/jen"

	"github.com/hookcontract/hookcontract/generator/model"
)

// emitEvents emits the Event interface, the event name constants and
// ParseEvent, which dispatches on the discriminator.
func emitEvents(f *File, p *model.Package) {
	f.Comment("Event is one webhook event of the contract. Every payload type implements it.")
	f.Type().Id("Event").InterfaceFunc(func(g *Group) {
		g.Comment("EventName returns the event's wire name, the value of its " + p.Discriminator + " property.")
		g.Id("EventName").Params().String()
		for _, a := range p.Accessors {
			g.Comment(a.Method + " returns the envelope's " + a.Field.JSON + ".")
			g.Id(a.Method).Params().Add(fieldType(a.Field))
		}
		if p.DeliveryField != nil {
			g.Comment("DeliveryID returns the id that is the same on every delivery of the event: drop duplicates by it.")
			g.Id("DeliveryID").Params().String()
		}
		g.Comment("Validate checks the event against its schema.")
		g.Id("Validate").Params().Error()
	})
	f.Comment("Discriminator is the payload property that names the event.")
	f.Const().Id("Discriminator").Op("=").Lit(p.Discriminator)
	if p.DeliveryHeader != "" {
		f.Comment("DeliveryHeader carries the delivery id, the same on every retry: drop duplicates by it.")
		f.Const().Id("DeliveryHeader").Op("=").Lit(p.DeliveryHeader)
	}
	f.Comment("Event names, the values of " + p.Discriminator + ".")
	f.Const().DefsFunc(func(g *Group) {
		for _, e := range p.Events {
			g.Id("Name" + e.Type.Name).Op("=").Lit(e.Name)
		}
	})
	f.Comment("EventNames lists every event of the contract, in contract order.")
	f.Var().Id("EventNames").Op("=").Index().String().ValuesFunc(func(g *Group) {
		for _, e := range p.Events {
			g.Id("Name" + e.Type.Name)
		}
	})
	for _, e := range p.Events {
		t := e.Type.Name
		f.Comment("EventName returns " + e.Name + ".")
		f.Func().Params(Id("x").Id(t)).Id("EventName").Params().String().Block(Return(Id("Name" + t)))
		for _, a := range p.Accessors {
			f.Comment(a.Method + " returns x." + a.Field.Name + ".")
			f.Func().Params(Id("x").Id(t)).Id(a.Method).Params().Add(fieldType(a.Field)).Block(Return(Id("x").Dot(a.Field.Name)))
		}
		if p.DeliveryField != nil {
			f.Comment("DeliveryID returns x." + p.DeliveryField.Name + ".")
			f.Func().Params(Id("x").Id(t)).Id("DeliveryID").Params().String().Block(Return(Id("x").Dot(p.DeliveryField.Name)))
		}
	}
	f.Comment("ParseEvent decodes a webhook body into its event type, chosen by the")
	f.Comment(p.Discriminator + " property, and validates it. It returns a *hookrt.UnknownEventError")
	f.Comment("naming the known events when the discriminator names none, a")
	f.Comment("*hookrt.ValidationError listing every violation when the payload breaks its")
	f.Comment("schema, or an error wrapping hookrt.ErrSyntax when it is not JSON.")
	pooled := true
	for _, e := range p.Events {
		pooled = pooled && rawFree(e.Type, map[*model.Type]bool{})
	}
	f.Func().Id("ParseEvent").Params(Id("data").Index().Byte()).Params(Id("Event"), Error()).Block(
		parseAndDecode(pooled, func(v *Statement) *Statement { return Id("parseValue").Call(v) }, Nil(), Err())...,
	)
	f.Comment("parseValue dispatches a parsed payload to its event type.")
	f.Func().Id("parseValue").Params(Id("v").Op("*").Qual(rt, "Value")).Params(Id("Event"), Error()).Block(
		Var().Id("name").String(),
		If(Id("v").Dot("Kind").Op("==").Qual(rt, "Object")).Block(
			If(Id("d").Op(":=").Id("v").Dot("Get").Call(Id("Discriminator")), Id("d").Op("!=").Nil().Op("&&").Id("d").Dot("Kind").Op("==").Qual(rt, "String")).Block(
				Id("name").Op("=").Id("d").Dot("Str"),
			),
		),
		Switch(Id("name")).BlockFunc(func(g *Group) {
			for _, e := range p.Events {
				t := e.Type.Name
				g.Case(Id("Name"+t)).Block(
					Id("x").Op(":=").New(Id(t)),
					If(Err().Op(":=").Id("x").Dot("decodeValue").Call(Id("v")), Err().Op("!=").Nil()).Block(Return(Nil(), Err())),
					Return(Id("x"), Nil()),
				)
			}
		}),
		Return(Nil(), Op("&").Qual(rt, "UnknownEventError").Values(Dict{
			Id("Property"): Id("Discriminator"),
			Id("Name"):     Id("name"),
			Id("Known"):    Id("EventNames"),
		})),
	)
}

// emitEmbed embeds the contract's files so consumers can load it at run
// time (for the reference engine, docs, or their own checks).
func emitEmbed(f *File, opt Config) {
	f.Comment("//go:embed contract")
	f.Var().Id("contractFiles").Qual("embed", "FS")
	f.Comment("ContractFS returns the contract this package was generated from: the AsyncAPI")
	f.Comment("document at " + opt.ContractRoot + " and the schema files it references.")
	f.Func().Id("ContractFS").Params().Qual("io/fs", "FS").Block(
		List(Id("sub"), Err()).Op(":=").Qual("io/fs", "Sub").Call(Id("contractFiles"), Lit("contract")),
		If(Err().Op("!=").Nil()).Block(Panic(Err())),
		Return(Id("sub")),
	)
	f.Comment("LoadContract loads the embedded contract with the toolkit's loader, for")
	f.Comment("validation with the reference JSON Schema engine without the source files.")
	f.Func().Id("LoadContract").Params().Params(Op("*").Qual("github.com/hookcontract/hookcontract/contract", "Contract"), Error()).Block(
		Return(Qual("github.com/hookcontract/hookcontract/contract", "LoadFS").Call(Id("ContractFS").Call(), Lit(opt.ContractRoot), Lit("contract"))),
	)
}
