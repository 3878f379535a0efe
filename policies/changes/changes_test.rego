package stakewise.changes_test

import rego.v1

import data.stakewise.changes
import data.stakewise.fixtures_test as fx

# now is 2025-05-01T18:30:00Z
asking(code, field, old, new) := object.union(fx.request(code), {"tickets": [], "change": {field: {"old": old, "new": new}}})

test_a_running_self_exclusion_cannot_be_lifted_or_shortened if {
	lifted := changes.deny with input as asking("GB", "self_excluded_until", "2025-11-01", null)
	fx.rules(lifted) == {"changes.self_exclusion_shortened"}
	some reason in lifted
	contains(reason.message, "runs until 2025-11-01 and cannot be shortened or lifted in GB (asked: lifted)")
	shortened := changes.deny with input as asking("DE", "self_excluded_until", "2025-11-01", "2025-06-01")
	fx.rules(shortened) == {"changes.self_exclusion_shortened"}
}

test_a_self_exclusion_may_be_extended_added_or_changed_once_over if {
	count(changes.deny) == 0 with input as asking("GB", "self_excluded_until", "2025-11-01", "2026-11-01")
	count(changes.deny) == 0 with input as asking("GB", "self_excluded_until", null, "2026-11-01")
	count(changes.deny) == 0 with input as asking("GB", "self_excluded_until", "2025-04-30", null)
}

test_a_running_time_out_cannot_be_ended_early if {
	ended := changes.deny with input as asking("GB", "cool_off_until", "2025-05-02T18:30:00Z", null)
	fx.rules(ended) == {"changes.time_out_shortened"}
	some reason in ended
	contains(reason.message, "runs until 2025-05-02T18:30:00Z and cannot be ended early (asked: lifted)")
	sooner := changes.deny with input as asking("SE", "cool_off_until", "2025-05-02T18:30:00Z", "2025-05-01T20:00:00Z")
	fx.rules(sooner) == {"changes.time_out_shortened"}
}

test_a_time_out_may_be_lengthened_or_replaced_once_over if {
	count(changes.deny) == 0 with input as asking("GB", "cool_off_until", "2025-05-02T18:30:00Z", "2025-05-09T18:30:00Z")
	count(changes.deny) == 0 with input as asking("GB", "cool_off_until", "2025-05-01T12:00:00Z", null)
	count(changes.deny) == 0 with input as fx.request("GB")
}

test_where_a_self_exclusion_is_reversible_it_may_be_lifted if {
	reversible := {"value": true, "source": "test", "illustrative": true}
	count(changes.deny) == 0 with input as asking("GB", "self_excluded_until", "2025-11-01", null)
		with data.jurisdictions.GB.figures.self_exclusion_reversible as reversible
}
