# Shared helpers: the customer's jurisdiction, its figures, money in cents and the shape of a reason.
# Money is compared in whole cents so that every Rego implementation computes the same result.
package stakewise.lib

import rego.v1

windows := ["24h", "7d", "30d"]

jurisdiction := data.jurisdictions[input.customer.jurisdiction]

figure(name) := jurisdiction.figures[name].value

cents(amount) := round(amount * 100)

# 123456 cents -> "1234.56 EUR"
money(amount_cents) := sprintf("%d.%02d %s", [floor(amount_cents / 100), amount_cents % 100, jurisdiction.currency])

units(amount_cents) := amount_cents / 100

# A reason names the rule, says what happened, and names the figure applied with its source.
reason(rule, message, name, shown) := {
	"rule": rule,
	"message": message,
	"figure": sprintf("%s = %s", [name, shown]),
	"source": jurisdiction.figures[name].source,
	"illustrative": jurisdiction.figures[name].illustrative,
}
