package stakewise.limits_test

import rego.v1

import data.stakewise.fixtures_test as fx
import data.stakewise.limits

de_deposits(total_30d) := fx.with_customer("DE", {"deposits": {"24h": 0, "7d": 0, "30d": total_30d}})

with_deposit(request, amount) := object.union(request, {"deposit": {"amount": amount}})

test_a_german_deposit_within_the_monthly_limit_is_allowed if {
	count(limits.deny) == 0 with input as with_deposit(de_deposits(900), 100)
}

test_a_german_deposit_past_the_monthly_cross_operator_limit_is_refused if {
	denied := limits.deny with input as with_deposit(de_deposits(900), 100.01)
	fx.rules(denied) == {"limits.deposit_30d"}
	some reason in denied
	reason.figure == "deposit_limit_30d = 1000.00 EUR"
	contains(reason.message, "900.00 EUR so far plus a deposit of 100.01 EUR make 1000.01 EUR")
}

test_without_a_deposit_request_only_the_allowance_shrinks if {
	count(limits.deny) == 0 with input as de_deposits(1000)
	limits.allowances.remaining_deposit_allowance == 0 with input as de_deposits(1000)
	limits.allowances.remaining_deposit_allowance == 99.9 with input as de_deposits(900.1)
}

test_the_allowance_never_goes_below_zero if {
	limits.allowances.remaining_deposit_allowance == 0 with input as de_deposits(1500)
}

test_spain_applies_the_tightest_of_its_daily_weekly_and_monthly_limits if {
	request := fx.with_customer("ES", {"deposits": {"24h": 100, "7d": 1400, "30d": 2000}})
	limits.allowances.remaining_deposit_allowance == 100 with input as request
	fx.rules(limits.deny) == {"limits.deposit_7d"} with input as with_deposit(request, 150)
}

test_spain_refuses_a_deposit_over_every_window_at_once if {
	fx.rules(limits.deny) == {"limits.deposit_24h", "limits.deposit_7d", "limits.deposit_30d"} with input as with_deposit(fx.request("ES"), 3500)
}

test_a_young_dutch_adult_has_the_lower_monthly_deposit_limit if {
	young := fx.with_customer("NL", {"age": 23, "deposits": {"24h": 0, "7d": 0, "30d": 250}})
	limits.allowances.remaining_deposit_allowance == 50 with input as young
	denied := limits.deny with input as with_deposit(young, 60)
	some reason in denied
	reason.figure == "young_adult_deposit_limit_30d = 300.00 EUR"
}

test_a_dutch_adult_of_24_has_the_general_monthly_deposit_limit if {
	adult := fx.with_customer("NL", {"age": 24, "deposits": {"24h": 0, "7d": 0, "30d": 250}})
	limits.allowances.remaining_deposit_allowance == 450 with input as adult
	count(limits.deny) == 0 with input as with_deposit(adult, 60)
}

test_no_deposit_limit_means_a_null_allowance if {
	limits.allowances.remaining_deposit_allowance == null with input as fx.request("GB")
}

test_swedish_losses_plus_new_stakes_may_not_pass_the_monthly_loss_limit if {
	request := object.union(fx.with_customer("SE", {"losses": {"24h": 0, "7d": 0, "30d": 19990}}), {"tickets": [fx.ticket(6), fx.ticket(5)]})
	denied := limits.deny with input as request
	fx.rules(denied) == {"limits.loss_30d"}
	limits.allowances.remaining_loss_allowance == 10 with input as request
}

test_swedish_stakes_up_to_the_loss_allowance_are_fine if {
	request := object.union(fx.with_customer("SE", {"losses": {"24h": 0, "7d": 0, "30d": 19990}}), {"tickets": [fx.ticket(10)]})
	count(limits.deny) == 0 with input as request
}

test_ontario_caps_stakes_per_ticket if {
	denied := limits.deny with input as fx.with_stakes("CA-ON", [100, 5000.01])
	fx.rules(denied) == {"limits.max_stake_per_ticket"}
	some reason in denied
	contains(reason.message, "ticket 1 stakes 5000.01 CAD")
}

test_ontario_caps_the_stakes_of_a_day if {
	request := object.union(fx.with_customer("CA-ON", {"stakes": {"24h": 9000, "7d": 9000, "30d": 9000}}), {"tickets": [fx.ticket(600), fx.ticket(600)]})
	fx.rules(limits.deny) == {"limits.stake_24h"} with input as request
}

test_the_per_ticket_maximum_is_the_smaller_of_the_cap_and_what_is_left_to_stake if {
	limits.allowances.max_stake_per_ticket == 5000 with input as fx.request("CA-ON")
	request := fx.with_customer("CA-ON", {"stakes": {"24h": 9000, "7d": 0, "30d": 0}})
	limits.allowances.max_stake_per_ticket == 1000 with input as request
	limits.allowances.remaining_stake_allowance == 1000 with input as request
}

test_no_stake_limit_means_no_per_ticket_maximum if {
	limits.allowances.max_stake_per_ticket == null with input as fx.request("GB")
}

test_the_banned_markets_are_listed_in_order if {
	limits.allowances.banned_markets == ["penalties", "player_cards"] with input as fx.request("DE")
}

# deposit limits the customer chose; now is 2025-05-01T18:30:00Z
gb_chosen(limit, deposits_30d) := fx.with_customer("GB", {
	"deposits": {"24h": 0, "7d": 0, "30d": deposits_30d},
	"deposit_limits": {"30d": limit},
})

test_a_deposit_past_the_customers_own_limit_is_refused if {
	request := gb_chosen({"value": 200, "previous": null, "changed_at": "2025-04-01T00:00:00Z"}, 150)
	denied := limits.deny with input as with_deposit(request, 60)
	fx.rules(denied) == {"limits.customer_deposit_30d"}
	some reason in denied
	contains(reason.message, "above the customer's own limit of 200.00 GBP")
	reason.figure == "deposit_limit_increase_delay_hours = 24"
	count(limits.deny) == 0 with input as with_deposit(request, 50)
}

test_a_lowered_limit_applies_at_once if {
	request := gb_chosen({"value": 100, "previous": 500, "changed_at": "2025-05-01T18:00:00Z"}, 90)
	fx.rules(limits.deny) == {"limits.customer_deposit_30d"} with input as with_deposit(request, 20)
}

test_a_raised_limit_waits_for_the_jurisdictions_delay if {
	waiting := gb_chosen({"value": 500, "previous": 100, "changed_at": "2025-05-01T00:00:00Z"}, 90)
	fx.rules(limits.deny) == {"limits.customer_deposit_30d"} with input as with_deposit(waiting, 20)
	passed := gb_chosen({"value": 500, "previous": 100, "changed_at": "2025-04-30T18:00:00Z"}, 90)
	count(limits.deny) == 0 with input as with_deposit(passed, 20)
}

test_a_removed_limit_waits_too_and_germany_waits_seven_days if {
	removed := gb_chosen({"value": null, "previous": 100, "changed_at": "2025-05-01T00:00:00Z"}, 90)
	fx.rules(limits.deny) == {"limits.customer_deposit_30d"} with input as with_deposit(removed, 20)
	de := fx.with_customer("DE", {"deposit_limits": {"24h": {"value": 500, "previous": 100, "changed_at": "2025-04-27T00:00:00Z"}}})
	denied := limits.deny with input as with_deposit(de, 150)
	fx.rules(denied) == {"limits.customer_deposit_24h"}
}
