# The shape of a decision input. Every problem names the field; any problem makes the decision a deny.
package stakewise.validation

import rego.v1

rfc3339 := `^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$`

customer_fields := {
	"age": "number",
	"jurisdiction": "string",
	"self_excluded": "boolean",
	"identity_verified": "boolean",
	"deposits": "object",
	"losses": "object",
	"stakes": "object",
}

leg_fields := {"fixture": "string", "market": "string", "selection": "string", "odds": "number", "in_play": "boolean"}

optional_leg_fields := {"involves_minors": "boolean", "college_team_regions": "array"}

error(field, problem) := {"rule": "input.invalid", "field": field, "message": sprintf("%s %s", [field, problem]), "figure": null}

has(obj, key) if _ := obj[key]

# (A function, not `type_name(obj[key]) == kind` inline: negated, the two Rego engines disagree on that
# expression when obj[key] is undefined.)
has_type(obj, key, kind) if type_name(obj[key]) == kind

# What is wrong with obj[key], for a value already known to be missing or of another type than kind.
# (Rules test `not has_type(...)` first: cheap on the valid inputs that are the rule.)
type_problem(obj, key, _) := "is missing" if not has(obj, key)

type_problem(obj, key, kind) := sprintf("must be a %s, not %s", [kind, type_name(obj[key])]) if {
	has(obj, key)
	type_name(obj[key]) != kind
}

errors contains error("input", "must be an object") if not is_object(input)

errors contains error(name, type_problem(input, name, kind)) if {
	is_object(input)
	some name, kind in {"customer": "object", "tickets": "array", "now": "string"}
	not has_type(input, name, kind)
}

errors contains error("now", "must be an RFC 3339 date-time such as 2025-05-01T18:30:00Z") if {
	is_string(input.now)
	not regex.match(rfc3339, input.now)
}

# customer

errors contains error(sprintf("customer.%s", [name]), type_problem(input.customer, name, kind)) if {
	is_object(input.customer)
	some name, kind in customer_fields
	not has_type(input.customer, name, kind)
}

errors contains error("customer.age", "must be a whole number of years, at least 0") if {
	is_number(input.customer.age)
	not whole_and_not_negative(input.customer.age)
}

whole_and_not_negative(number) if {
	number == round(number)
	number >= 0
}

errors contains error("customer.jurisdiction", sprintf("is %s, not a known jurisdiction (known: %s)", [code, known])) if {
	code := input.customer.jurisdiction
	is_string(code)
	not data.jurisdictions[code]
	known := concat(", ", sort(object.keys(data.jurisdictions)))
}

errors contains error(sprintf("customer.%s.%s", [name, window]), problem) if {
	some name in ["deposits", "losses", "stakes"]
	figures := input.customer[name]
	is_object(figures)
	some window in data.stakewise.lib.windows
	not has_type(figures, window, "number")
	problem := type_problem(figures, window, "number")
}

errors contains error(sprintf("customer.%s.%s", [name, window]), "must not be negative") if {
	some name in ["deposits", "losses", "stakes"]
	some window in data.stakewise.lib.windows
	input.customer[name][window] < 0
	is_number(input.customer[name][window])
}

errors contains error("customer.cool_off_until", "must be null or an RFC 3339 date-time") if {
	is_object(input.customer)
	has(input.customer, "cool_off_until")
	until := input.customer.cool_off_until
	until != null
	not rfc3339_text(until)
}

rfc3339_text(value) if {
	is_string(value)
	regex.match(rfc3339, value)
}

# tickets and legs

tickets := input.tickets if is_array(input.tickets)


errors contains error(sprintf("tickets[%d]", [i]), "must be an object") if {
	some i, ticket in tickets
	not is_object(ticket)
}

errors contains error(sprintf("tickets[%d].%s", [i, name]), type_problem(ticket, name, kind)) if {
	some i, ticket in tickets
	is_object(ticket)
	some name, kind in {"stake": "number", "legs": "array"}
	not has_type(ticket, name, kind)
}

errors contains error(sprintf("tickets[%d].stake", [i]), "must be more than 0") if {
	some i, ticket in tickets
	is_number(ticket.stake)
	ticket.stake <= 0
}

errors contains error(sprintf("tickets[%d].legs", [i]), "must hold at least one leg") if {
	some i, ticket in tickets
	ticket.legs == []
}

errors contains error(sprintf("tickets[%d].legs[%d]", [i, j]), "must be an object") if {
	some i, ticket in tickets
	is_array(ticket.legs)
	some j, leg in ticket.legs
	not is_object(leg)
}

errors contains error(sprintf("tickets[%d].legs[%d].%s", [i, j, name]), type_problem(leg, name, kind)) if {
	some i, ticket in tickets
	is_array(ticket.legs)
	some j, leg in ticket.legs
	is_object(leg)
	some name, kind in leg_fields
	not has_type(leg, name, kind)
}

errors contains error(sprintf("tickets[%d].legs[%d].%s", [i, j, name]), type_problem(leg, name, kind)) if {
	some i, ticket in tickets
	is_array(ticket.legs)
	some j, leg in ticket.legs
	is_object(leg)
	some name, kind in optional_leg_fields
	has(leg, name)
	not has_type(leg, name, kind)
}

errors contains error(sprintf("tickets[%d].legs[%d].odds", [i, j]), "must be decimal odds above 1") if {
	some i, ticket in tickets
	is_array(ticket.legs)
	some j, leg in ticket.legs
	is_number(leg.odds)
	leg.odds <= 1
}

# an optional deposit the customer asks to make

errors contains error("deposit", "must be an object with an amount") if {
	is_object(input)
	has(input, "deposit")
	not is_object(input.deposit)
}

errors contains error("deposit.amount", type_problem(input.deposit, "amount", "number")) if {
	is_object(input.deposit)
	not has_type(input.deposit, "amount", "number")
}

errors contains error("deposit.amount", "must be more than 0") if {
	is_number(input.deposit.amount)
	input.deposit.amount <= 0
}

# the optional bankroll the tickets would be staked from

errors contains error("bankroll.currency", "must be a three-letter currency code") if {
	is_object(input)
	has(input, "bankroll")
	not valid_bankroll_currency
}

valid_bankroll_currency if regex.match(`^[A-Z]{3}$`, input.bankroll.currency)

# an optional change the customer asks for to their protections

errors contains error("change", "must be an object") if {
	is_object(input)
	has(input, "change")
	not is_object(input.change)
}
