package stakewise.decision_test

import rego.v1

import data.stakewise.decision
import data.stakewise.fixtures_test as fx

test_a_compliant_request_is_allowed_everywhere if {
	every code, _ in data.jurisdictions {
		result := decision.result with input as fx.request(code)
		result.allow == true
		result.reasons == []
	}
}

test_the_decision_has_exactly_allow_reasons_and_limits if {
	result := decision.result with input as fx.request("GB")
	object.keys(result) == {"allow", "reasons", "limits"}
	object.keys(result.limits) == {
		"max_stake_per_ticket", "remaining_loss_allowance", "remaining_deposit_allowance",
		"remaining_stake_allowance", "banned_markets",
	}
}

test_a_self_excluded_customer_gets_no_ticket_and_no_allowance if {
	result := decision.result with input as fx.with_customer("ES", {"self_excluded": true})
	result.allow == false
	fx.rules(result.reasons) == {"eligibility.self_excluded"}
	result.limits.max_stake_per_ticket == 0
	result.limits.remaining_deposit_allowance == 0
	result.limits.remaining_loss_allowance == 0
}

test_a_refused_customer_still_sees_the_banned_markets if {
	result := decision.result with input as fx.with_customer("DE", {"age": 16})
	result.limits.banned_markets == ["penalties", "player_cards"]
}

test_a_malformed_request_is_denied_with_the_field_named if {
	result := decision.result with input as fx.with_customer("GB", {"age": "thirty"})
	result.allow == false
	[reason.field | some reason in result.reasons] == ["customer.age"]
	result.limits.max_stake_per_ticket == 0
	result.limits.banned_markets == []
}

test_a_malformed_request_is_not_judged_on_its_content if {
	# self-excluded and malformed: only the malformation is reported
	result := decision.result with input as fx.with_customer("GB", {"self_excluded": true, "age": null})
	fx.rules(result.reasons) == {"input.invalid"}
}

test_every_refusal_is_listed_in_rule_order if {
	request := object.union(fx.with_leg("AU", {"in_play": true, "involves_minors": true}), {"customer": object.union(fx.customer("AU"), {"age": 17})})
	result := decision.result with input as request
	[reason.rule | some reason in result.reasons] == ["eligibility.minimum_age", "in_play.banned", "markets.minors_event"]
}

test_a_ticket_refusal_keeps_the_customers_limits if {
	result := decision.result with input as fx.with_stakes("CA-ON", [6000])
	result.allow == false
	result.limits.max_stake_per_ticket == 5000
}

test_a_change_is_judged_by_the_change_rules_alone if {
	excluded := object.union(fx.with_customer("GB", {"self_excluded": true}), {"tickets": []})
	extend := object.union(excluded, {"change": {"self_excluded_until": {"old": "2025-11-01", "new": "2026-11-01"}}})
	result := decision.result with input as extend
	result.allow
	lift := object.union(excluded, {"change": {"self_excluded_until": {"old": "2025-11-01", "new": null}}})
	refused := decision.result with input as lift
	[reason.rule | some reason in refused.reasons] == ["changes.self_exclusion_shortened"]
}
