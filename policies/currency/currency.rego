# The currency of the money in play. The figures of a jurisdiction are in its currency (`currency` in its
# data file); a bankroll counting in another currency is refused for its customers (the issue's
# CurrencyMismatch), unless the data documents a conversion rate from that currency (figure
# conversion_rates: {"EUR": 0.85} means 1 EUR = 0.85 in the jurisdiction's currency).
package stakewise.currency

import rego.v1

import data.stakewise.lib

deny contains lib.reason("currency.mismatch", message, "conversion_rates", shown) if {
	bankroll_currency := input.bankroll.currency
	bankroll_currency != lib.jurisdiction.currency
	not lib.figure("conversion_rates")[bankroll_currency]
	shown := sprintf("no rate from %s", [bankroll_currency])
	message := sprintf("the bankroll counts in %s, but the figures of %s are in %s and no conversion rate from %s is documented", [
		bankroll_currency, input.customer.jurisdiction, lib.jurisdiction.currency, bankroll_currency,
	])
}
