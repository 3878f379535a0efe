package stakewise.lib_test

import rego.v1

import data.stakewise.fixtures_test as fx
import data.stakewise.lib

test_cents_rounds_to_the_nearest_cent if {
	lib.cents(900.1) == 90010
	lib.cents(0.005) == 1
	lib.cents(12) == 1200
}

test_money_shows_two_decimals_and_the_currency if {
	lib.money(123405) == "1234.05 EUR" with input as fx.request("DE")
	lib.money(7) == "0.07 GBP" with input as fx.request("GB")
}

test_units_turn_cents_back_into_amounts if {
	lib.units(9990) == 99.9
	lib.units(100000) == 1000
}

test_figure_reads_the_jurisdiction_data if {
	lib.figure("minimum_age") == 21 with input as fx.request("US-NJ")
	lib.figure("minimum_age") == 19 with input as fx.request("CA-ON")
}

test_reason_names_rule_figure_and_source if {
	r := lib.reason("x.rule", "said", "minimum_age", "18") with input as fx.request("GB")
	r.rule == "x.rule"
	r.figure == "minimum_age = 18"
	startswith(r.source, "Gambling Act 2005")
	r.illustrative == false
}
