# Responsible-gambling cool-offs: a customer who took a time-out (or pressed a panic button) is refused
# until the time-out ends.
package stakewise.cool_off

import rego.v1

import data.stakewise.lib

deny contains lib.reason("cool_off.active", message, "time_out", input.customer.cool_off_until) if {
	until := object.get(input.customer, "cool_off_until", null)
	until != null
	time.parse_rfc3339_ns(until) > time.parse_rfc3339_ns(input.now)
	message := sprintf("the customer is in a cool-off until %s (now %s)", [until, input.now])
}
