Feature: The pipeline issues and settles each ticket exactly once
  The pipeline stakes the house bankroll through the same issuing rules as the partner API. Its steps may
  run again after a crash or a timeout: a ticket's idempotency key comes from the pipeline run and the
  ticket's legs, so a repeated step returns the ticket issued the first time, and a repeated settlement
  pays nothing twice.

  Background:
    Given the house account with a bankroll of 1000.00

  Scenario: An issuing step repeated after a crash returns the ticket issued the first time
    Given pipeline run "run-1" proposes a single of 10.00 on fixture "F1" home at 2.10
    When the issuing step runs
    And the issuing step runs again for the same proposal
    Then the house has 1 ticket
    And the second outcome is the first ticket, marked as replayed
    And each issued ticket names its policy decision and the policy bundle
    And the house bankroll has 990.00 available

  Scenario: Another pipeline run proposing the same legs issues a ticket of its own
    Given pipeline run "run-1" proposes a single of 10.00 on fixture "F1" home at 2.10
    And pipeline run "run-2" proposes a single of 10.00 on fixture "F1" home at 2.10
    When the issuing step runs for each proposal
    Then the house has 2 tickets
    And the house bankroll has 980.00 available

  Scenario: A settlement step repeated after a crash pays the ticket once
    Given pipeline run "run-1" proposes a single of 10.00 on fixture "F1" home at 2.10
    And the issuing step runs
    And fixture "F1" ended 2-1
    When the settlement step runs
    And the settlement step runs again for the same ticket
    Then the ticket is settled with a payout of 21.00
    And the second settlement reports the ticket as already settled
    And the house bankroll has 1011.00 available
