# Customer eligibility: minimum age, self-exclusion registers, verified identity.
# A customer who fails any of these gets no ticket and may not deposit.
package stakewise.eligibility

import rego.v1

import data.stakewise.lib

customer := input.customer

deny contains lib.reason("eligibility.minimum_age", message, "minimum_age", format_int(minimum, 10)) if {
	minimum := lib.figure("minimum_age")
	customer.age < minimum
	message := sprintf("the customer is %d, below the minimum age of %d in %s", [customer.age, minimum, customer.jurisdiction])
}

# Self-excluded customers are refused in every jurisdiction, whatever its data says.
deny contains lib.reason("eligibility.self_excluded", message, "self_exclusion_register", register) if {
	customer.self_excluded == true
	register := lib.figure("self_exclusion_register")
	message := sprintf("the customer is self-excluded (%s): no ticket and no deposit", [register])
}

deny contains lib.reason("eligibility.identity_unverified", message, "identity_verification_required", "true") if {
	lib.figure("identity_verification_required") == true
	customer.identity_verified == false
	message := sprintf("the customer's identity is not verified, which %s requires before any bet or deposit", [customer.jurisdiction])
}
