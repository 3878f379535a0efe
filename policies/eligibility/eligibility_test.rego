package stakewise.eligibility_test

import rego.v1

import data.stakewise.eligibility
import data.stakewise.fixtures_test as fx

test_an_adult_verified_customer_is_eligible_everywhere if {
	every code, _ in data.jurisdictions {
		count(eligibility.deny) == 0 with input as fx.request(code)
	}
}

test_a_17_year_old_is_refused_in_germany if {
	denied := eligibility.deny with input as fx.with_customer("DE", {"age": 17})
	fx.rules(denied) == {"eligibility.minimum_age"}
	some reason in denied
	reason.figure == "minimum_age = 18"
}

test_a_20_year_old_is_refused_in_new_jersey_but_not_in_ontario if {
	fx.rules(eligibility.deny) == {"eligibility.minimum_age"} with input as fx.with_customer("US-NJ", {"age": 20})
	count(eligibility.deny) == 0 with input as fx.with_customer("CA-ON", {"age": 20})
}

test_an_18_year_old_is_refused_in_ontario if {
	fx.rules(eligibility.deny) == {"eligibility.minimum_age"} with input as fx.with_customer("CA-ON", {"age": 18})
}

test_a_self_excluded_customer_is_refused_in_every_jurisdiction if {
	every code, _ in data.jurisdictions {
		fx.rules(eligibility.deny) == {"eligibility.self_excluded"} with input as fx.with_customer(code, {"self_excluded": true})
	}
}

test_the_self_exclusion_reason_names_the_register if {
	some reason in eligibility.deny with input as fx.with_customer("GB", {"self_excluded": true})
	reason.figure == "self_exclusion_register = GAMSTOP"
}

test_an_unverified_customer_is_refused_where_verification_is_required if {
	fx.rules(eligibility.deny) == {"eligibility.identity_unverified"} with input as fx.with_customer("AU", {"identity_verified": false})
}

test_verification_is_not_demanded_where_the_data_does_not_require_it if {
	count(eligibility.deny) == 0 with input as fx.with_customer("AU", {"identity_verified": false})
		with data.jurisdictions.AU.figures.identity_verification_required.value as false
}
