Feature: Partners issue tickets through the API, safely
  A partner's tickets are paid from the partner's own bankroll for the partner's own customers.
  A retried request never issues a second ticket, concurrent requests never spend the same money twice,
  and no partner ever sees another partner's tickets, customers or bankrolls.

  Background:
    Given partner "Acme" with a bankroll of 100.00 and an adult customer in GB
    And partner "Zenith" with a bankroll of 100.00 and an adult customer in GB

  Scenario: A retried request returns the ticket of the first one
    When "Acme" issues a 10.00 ticket with idempotency key "order-1"
    And "Acme" issues the same 10.00 ticket again with idempotency key "order-1"
    Then "Acme" has 1 ticket
    And the second answer is the first ticket, marked as a replay
    And "Acme" has 90.00 available

  Scenario: The same idempotency key with a different request is refused
    When "Acme" issues a 10.00 ticket with idempotency key "order-1"
    And "Acme" issues a 12.00 ticket with idempotency key "order-1"
    Then the last request is refused as "idempotency-key-reused"
    And "Acme" has 1 ticket

  Scenario: Concurrent requests never overspend the bankroll
    When "Acme" sends 30 concurrent requests for 7.00 tickets
    Then 14 tickets are issued and 16 are refused by the rule "StakeWithinBankroll"
    And "Acme" has 2.00 available

  Scenario: A partner cannot see or use another partner's objects
    When "Acme" issues a 10.00 ticket with idempotency key "order-1"
    Then "Zenith" asking for that ticket is told it was not found
    And "Zenith" issuing a ticket for "Acme"'s customer is told the customer was not found

  Scenario: A minor gets no ticket, and the refusal names the rule
    Given "Acme" has a customer born 2015-06-01
    When "Acme" issues a 10.00 ticket for that customer with idempotency key "young"
    Then the request is denied by the policy rule "minimum_age"
    And "Acme" has 0 tickets
    And "Acme" has 100.00 available
