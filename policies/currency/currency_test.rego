package stakewise.currency_test

import rego.v1

import data.stakewise.currency
import data.stakewise.fixtures_test as fx

with_bankroll(code, money) := object.union(fx.request(code), {"bankroll": {"currency": money}})

test_a_bankroll_in_the_jurisdictions_currency_is_allowed if {
	count(currency.deny) == 0 with input as with_bankroll("GB", "GBP")
	count(currency.deny) == 0 with input as with_bankroll("DE", "EUR")
}

test_a_bankroll_in_another_currency_is_refused if {
	denied := currency.deny with input as with_bankroll("GB", "EUR")
	fx.rules(denied) == {"currency.mismatch"}
	some reason in denied
	reason.figure == "conversion_rates = no rate from EUR"
	contains(reason.message, "the bankroll counts in EUR, but the figures of GB are in GBP")
}

test_a_documented_rate_allows_the_other_currency if {
	rates := {"value": {"EUR": 0.85}, "source": "test", "illustrative": true}
	count(currency.deny) == 0 with input as with_bankroll("GB", "EUR")
		with data.jurisdictions.GB.figures.conversion_rates as rates
}

test_without_a_bankroll_nothing_is_judged if {
	count(currency.deny) == 0 with input as fx.request("GB")
}
