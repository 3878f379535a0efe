package stakewise.cool_off_test

import rego.v1

import data.stakewise.cool_off
import data.stakewise.fixtures_test as fx

test_no_cool_off_no_refusal if {
	count(cool_off.deny) == 0 with input as fx.request("GB")
}

test_a_customer_without_the_field_is_not_in_a_cool_off if {
	count(cool_off.deny) == 0 with input as json.remove(fx.request("GB"), ["customer/cool_off_until"])
}

test_a_running_cool_off_refuses if {
	denied := cool_off.deny with input as fx.with_customer("DE", {"cool_off_until": "2025-05-02T18:30:00Z"})
	fx.rules(denied) == {"cool_off.active"}
}

test_a_cool_off_ending_in_another_time_zone_is_compared_as_an_instant if {
	# 20:00 in UTC+02:00 is 18:00Z, before now (18:30Z): over
	count(cool_off.deny) == 0 with input as fx.with_customer("SE", {"cool_off_until": "2025-05-01T20:00:00+02:00"})

	# 21:00 in UTC+02:00 is 19:00Z: still running
	count(cool_off.deny) == 1 with input as fx.with_customer("SE", {"cool_off_until": "2025-05-01T21:00:00+02:00"})
}

test_a_cool_off_that_ended_refuses_nothing if {
	count(cool_off.deny) == 0 with input as fx.with_customer("ES", {"cool_off_until": "2025-05-01T18:30:00Z"})
}
