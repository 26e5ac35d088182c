package emit

import (
	. "github.com/dave/jennifer/jen"

	"github.com/hookcontract/hookcontract/generator/model"
)

// emitReceiver emits the typed receiver (Handlers, NewHandler) and the
// sending helper (NewDeliveryRequest) of a contract.
func emitReceiver(f *File, p *model.Package) {
	f.Comment("Handlers holds one callback per event. A nil callback leaves its event")
	f.Comment("unhandled: the delivery is acknowledged (202 by default) without a call.")
	f.Comment("A callback that returns an error gets the delivery answered 500 and not")
	f.Comment("marked as processed, so the provider's retry runs it again.")
	f.Type().Id("Handlers").StructFunc(func(g *Group) {
		for _, e := range p.Events {
			g.Comment("On" + e.Type.Name + " is called for " + e.Name + ".")
			g.Id("On"+e.Type.Name).Func().Params(Qual("context", "Context"), Op("*").Id(e.Type.Name)).Error()
		}
	})
	f.Comment("dispatch calls the callback of e's type.")
	f.Func().Params(Id("h").Id("Handlers")).Id("dispatch").Params(Id("ctx").Qual("context", "Context"), Id("e").Any()).Params(Bool(), Error()).Block(
		Switch(Id("ev").Op(":=").Id("e").Assert(Type())).BlockFunc(func(g *Group) {
			for _, e := range p.Events {
				cb := Id("h").Dot("On" + e.Type.Name)
				g.Case(Op("*").Id(e.Type.Name)).Block(
					If(cb.Clone().Op("==").Nil()).Block(Return(False(), Nil())),
					Return(True(), cb.Clone().Call(Id("ctx"), Id("ev"))),
				)
			}
		}),
		Return(False(), Nil()),
	)
	spec := Dict{
		Id("Parse"):    Func().Params(Id("body").Index().Byte()).Params(Any(), Error()).Block(Return(Id("ParseEvent").Call(Id("body")))),
		Id("Name"):     Func().Params(Id("e").Any()).String().Block(Return(Id("e").Assert(Id("Event")).Dot("EventName").Call())),
		Id("Dispatch"): Id("h").Dot("dispatch"),
	}
	dedup := "drops duplicate deliveries by their id"
	switch {
	case p.DeliveryHeader != "":
		spec[Id("DeliveryHeader")] = Id("DeliveryHeader")
		dedup += " (the " + p.DeliveryHeader + " header, required)"
	case p.DeliveryField != nil:
		spec[Id("DeliveryID")] = Func().Params(Id("e").Any()).String().Block(Return(Id("e").Assert(Id("Event")).Dot("DeliveryID").Call()))
		dedup += " (the payload's " + p.DeliveryField.JSON + ")"
	default:
		dedup = "does not drop duplicates: the contract declares no delivery id"
	}
	f.Comment("NewHandler returns the http.Handler that receives this contract's webhooks:")
	f.Comment("it accepts POST with a JSON body, validates it against the contract (400")
	f.Comment("with an application/problem+json list of violations otherwise), " + dedup + ",")
	f.Comment("and calls the event's callback. See hookrt.Receiver for every status code and")
	f.Comment("the options (body limit, dedup store, signature verification, logging).")
	f.Func().Id("NewHandler").Params(Id("h").Id("Handlers"), Id("opts").Op("...").Qual(rt, "ReceiverOption")).Qual("net/http", "Handler").Block(
		Return(Qual(rt, "NewReceiver").Call(Qual(rt, "ReceiverSpec").Values(spec), Id("opts").Op("..."))),
	)

	// The sending side.
	params := []Code{Id("ctx").Qual("context", "Context"), Id("url").String()}
	idExpr := Id("event").Dot("DeliveryID").Call()
	if p.DeliveryHeader != "" {
		params = append(params, Id("deliveryID").String())
		idExpr = Id("deliveryID")
	} else if p.DeliveryField == nil {
		idExpr = Lit("")
	}
	params = append(params, Id("event").Id("Event"), Id("signers").Op("...").Qual(rt, "Signer"))
	f.Comment("NewDeliveryRequest builds the POST request that delivers event to a")
	f.Comment("subscriber's url: the JSON body, Content-Type, the delivery id where the")
	f.Comment("contract puts it, and any signature headers. It refuses an event that breaks")
	f.Comment("the contract, so a provider never sends one.")
	f.Func().Id("NewDeliveryRequest").Params(params...).Params(Op("*").Qual("net/http", "Request"), Error()).BlockFunc(func(g *Group) {
		g.If(Err().Op(":=").Id("event").Dot("Validate").Call(), Err().Op("!=").Nil()).Block(Return(Nil(), Err()))
		g.List(Id("body"), Err()).Op(":=").Qual("encoding/json", "Marshal").Call(Id("event"))
		g.If(Err().Op("!=").Nil()).Block(Return(Nil(), Err()))
		g.List(Id("req"), Err()).Op(":=").Qual("net/http", "NewRequestWithContext").Call(Id("ctx"), Qual("net/http", "MethodPost"), Id("url"), Qual("bytes", "NewReader").Call(Id("body")))
		g.If(Err().Op("!=").Nil()).Block(Return(Nil(), Err()))
		g.Id("req").Dot("Header").Dot("Set").Call(Lit("Content-Type"), Lit("application/json"))
		if p.DeliveryHeader != "" {
			g.Id("req").Dot("Header").Dot("Set").Call(Id("DeliveryHeader"), Id("deliveryID"))
		}
		g.For(List(Id("_"), Id("s")).Op(":=").Range().Id("signers")).Block(
			Id("s").Dot("SetHeaders").Call(Id("req").Dot("Header"), idExpr, Id("body")),
		)
		g.Return(Id("req"), Nil())
	})
}
