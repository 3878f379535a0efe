Feature: Customer state, deposits and bankroll risk rules are enforced end to end
  A partner changes a customer's compliance state after registration, records deposits and sets its
  bankroll's risk rules; every ticket and every deposit is then decided from those stored facts, by the
  real compliance policies (real OPA) and the bankroll's own rules. Each change is in the audit log.

  Background:
    Given a partner with a bankroll of 1000.00 GBP

  Scenario: A cool-off set after registration refuses tickets until it ends
    Given a customer in GB
    When the partner sets the customer's cool-off until 24 hours from now
    Then a 10.00 single on fixture F1 is refused by the policy under rule cool_off.active
    And the audit log holds the customer's cool-off change from none to the new end
    When 25 hours pass
    Then a 10.00 single on fixture F1 is issued

  Scenario: A running cool-off cannot be ended early
    Given a customer in GB
    When the partner sets the customer's cool-off until 24 hours from now
    Then lifting the customer's cool-off is refused by the policy under rule changes.time_out_shortened

  Scenario: A cool-off the policies cannot compare is refused, and the customer is unchanged
    Given a customer in GB
    Then a cool-off until the year 9999 is refused as invalid cool_off_until
    And a deposit of 10.00 is accepted

  Scenario: A running self-exclusion cannot be lifted, but may be extended
    Given a customer in GB
    When the partner sets the customer's self-exclusion until next year
    Then lifting the customer's self-exclusion is refused by the policy under rule changes.self_exclusion_shortened
    And extending the customer's self-exclusion by a year is accepted

  Scenario: A self-excluded customer's deposit is refused and the decision kept
    Given a customer in GB
    When the partner sets the customer's self-exclusion until next year
    Then a deposit of 10.00 is refused by the policy under rule eligibility.self_excluded
    And the refusal's decision is recorded and no deposit is

  Scenario: A German deposit may not pass the monthly limit
    Given a customer in DE
    When the customer deposits 950.00
    Then a deposit of 60.00 is refused by the policy under rule limits.deposit_30d
    And a deposit of 50.00 is accepted

  Scenario: A raised deposit limit applies only after the jurisdiction's waiting period
    Given a customer in GB
    When the partner sets the customer's 30-day deposit limit to 100.00
    And the customer deposits 80.00
    And the partner sets the customer's 30-day deposit limit to 500.00
    Then a deposit of 50.00 is refused by the policy under rule limits.customer_deposit_30d
    When 25 hours pass
    Then a deposit of 50.00 is accepted

  Scenario: A retried deposit is recorded once
    Given a customer in GB
    When the customer deposits 10.00 with Idempotency-Key dep-1
    And the customer deposits 10.00 with Idempotency-Key dep-1
    Then the customer has 1 deposit recorded

  Scenario: A fixture's exposure may not pass the bankroll's cap
    Given a customer in GB
    And the bankroll's rule max_exposure_per_fixture is 30.00
    Then a 20.00 single on fixture F1 is issued
    And a 20.00 single on fixture F1 is refused by the bankroll rule MaxExposurePerFixture
    And a 20.00 single on fixture F2 is issued
    And the audit log holds the bankroll's risk change

  Scenario: A day's exposure may not pass the bankroll's cap
    Given a customer in GB
    And the bankroll's rule max_exposure_per_day is 25.00
    Then a 20.00 single on fixture F1 is issued
    And a 10.00 single on fixture F2 is refused by the bankroll rule MaxExposurePerDay

  Scenario: A bankroll past its stop loss refuses new tickets until the rule is lifted
    Given a customer in GB
    And the bankroll's rule stop_loss is 40.00
    When a 50.00 single on fixture F1 is issued and lost
    Then a 10.00 single on fixture F2 is refused by the bankroll rule StopLoss
    When the partner turns the bankroll's rule stop_loss off
    Then a 10.00 single on fixture F2 is issued

  Scenario: A bankroll that reached its take profit stops staking
    Given a customer in GB
    And the bankroll's rule take_profit is 10.00
    When a 10.00 single on fixture F1 is issued and won at 2.10
    Then a 10.00 single on fixture F2 is refused by the bankroll rule TakeProfit

  Scenario: A bankroll in a drawdown past its limit stops staking
    Given a customer in GB
    And the bankroll's rule max_drawdown is 0.04
    When a 45.00 single on fixture F1 is issued and lost
    Then a 10.00 single on fixture F2 is refused by the bankroll rule MaxDrawdown
