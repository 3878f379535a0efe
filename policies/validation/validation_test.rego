package stakewise.validation_test

import rego.v1

import data.stakewise.fixtures_test as fx
import data.stakewise.validation

fields(request) := {e.field | some e in errors} if {
	errors := validation.errors with input as request
}

problems(request) := {e.field: e.message | some e in errors} if {
	errors := validation.errors with input as request
}

test_every_example_request_is_valid if {
	every code, _ in data.jurisdictions {
		count(validation.errors) == 0 with input as fx.request(code)
	}
}

test_the_input_must_be_an_object if {
	fields([1]) == {"input"}
}

test_top_level_fields_are_required if {
	fields({}) == {"customer", "tickets", "now"}
}

test_top_level_fields_must_have_their_types if {
	problems({"customer": [], "tickets": {}, "now": 5}) == {
		"customer": "customer must be a object, not array",
		"tickets": "tickets must be a array, not object",
		"now": "now must be a string, not number",
	}
}

test_now_must_be_rfc3339 if {
	fields(object.union(fx.request("GB"), {"now": "2025-13-01T10:00:00Z"})) == {"now"}
	fields(object.union(fx.request("GB"), {"now": "2025-05-01 10:00"})) == {"now"}
	fields(object.union(fx.request("GB"), {"now": "2025-05-01T10:00:00.123+02:00"})) == set()
}

test_every_customer_field_is_required if {
	fields(fx.replaced(fx.request("GB"), "customer", {})) == {
		"customer.age", "customer.jurisdiction", "customer.self_excluded", "customer.identity_verified",
		"customer.deposits", "customer.losses", "customer.stakes",
	}
}

test_a_wrong_type_names_the_field_and_the_type if {
	problems(fx.with_customer("GB", {"self_excluded": "no"})) == {"customer.self_excluded": "customer.self_excluded must be a boolean, not string"}
}

test_age_must_be_a_whole_number_not_below_zero if {
	fields(fx.with_customer("GB", {"age": 30.5})) == {"customer.age"}
	fields(fx.with_customer("GB", {"age": -1})) == {"customer.age"}
}

test_an_unknown_jurisdiction_is_named if {
	problems(fx.with_customer("XX", {})) == {"customer.jurisdiction": "customer.jurisdiction is XX, not a known jurisdiction (known: AU, CA-ON, DE, ES, GB, IT, NL, SE, US-NJ)"}
}

test_every_window_of_every_total_is_required_and_not_negative if {
	losses := fx.replaced(fx.customer("GB"), "losses", {"24h": 0, "7d": -5})
	fields(fx.replaced(fx.request("GB"), "customer", losses)) == {"customer.losses.7d", "customer.losses.30d"}
	fields(fx.with_customer("GB", {"stakes": {"24h": "0", "7d": 0, "30d": 0}})) == {"customer.stakes.24h"}
}

test_cool_off_until_is_null_or_rfc3339 if {
	fields(fx.with_customer("GB", {"cool_off_until": "tomorrow"})) == {"customer.cool_off_until"}
	fields(fx.with_customer("GB", {"cool_off_until": 3})) == {"customer.cool_off_until"}
	fields(fx.with_customer("GB", {"cool_off_until": "2025-05-02T00:00:00Z"})) == set()
}

test_tickets_must_be_objects_with_a_positive_stake_and_legs if {
	fields(object.union(fx.request("GB"), {"tickets": [5]})) == {"tickets[0]"}
	fields(object.union(fx.request("GB"), {"tickets": [{}]})) == {"tickets[0].stake", "tickets[0].legs"}
	fields(fx.with_stakes("GB", [10, 0])) == {"tickets[1].stake"}
	fields(object.union(fx.request("GB"), {"tickets": [{"stake": 1, "legs": []}]})) == {"tickets[0].legs"}
}

test_no_tickets_is_a_valid_request if {
	fields(object.union(fx.request("GB"), {"tickets": []})) == set()
}

test_legs_must_be_objects_with_every_field if {
	fields(object.union(fx.request("GB"), {"tickets": [{"stake": 1, "legs": ["x"]}]})) == {"tickets[0].legs[0]"}
	fields(object.union(fx.request("GB"), {"tickets": [{"stake": 1, "legs": [{}]}]})) == {
		"tickets[0].legs[0].fixture", "tickets[0].legs[0].market", "tickets[0].legs[0].selection",
		"tickets[0].legs[0].odds", "tickets[0].legs[0].in_play",
	}
}

test_optional_leg_fields_must_have_their_types if {
	fields(fx.with_leg("GB", {"involves_minors": "yes", "college_team_regions": "NJ"})) == {
		"tickets[0].legs[0].involves_minors", "tickets[0].legs[0].college_team_regions",
	}
}

test_odds_must_be_above_one if {
	problems(fx.with_leg("GB", {"odds": 1})) == {"tickets[0].legs[0].odds": "tickets[0].legs[0].odds must be decimal odds above 1"}
}

test_a_deposit_needs_a_positive_amount if {
	fields(object.union(fx.request("GB"), {"deposit": 50})) == {"deposit"}
	fields(object.union(fx.request("GB"), {"deposit": {}})) == {"deposit.amount"}
	fields(object.union(fx.request("GB"), {"deposit": {"amount": -5}})) == {"deposit.amount"}
	fields(object.union(fx.request("GB"), {"deposit": {"amount": 5}})) == set()
}

test_a_bankroll_needs_a_currency_code if {
	fields(object.union(fx.request("GB"), {"bankroll": {"currency": "GBP"}})) == set()
	fields(object.union(fx.request("GB"), {"bankroll": {"currency": "pounds"}})) == {"bankroll.currency"}
	fields(object.union(fx.request("GB"), {"bankroll": {}})) == {"bankroll.currency"}
	fields(object.union(fx.request("GB"), {"bankroll": "GBP"})) == {"bankroll.currency"}
}

test_a_change_is_an_object if {
	fields(object.union(fx.request("GB"), {"change": {}})) == set()
	fields(object.union(fx.request("GB"), {"change": "lift it"})) == {"change"}
}
