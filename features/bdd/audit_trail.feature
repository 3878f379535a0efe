Feature: Every change to a ticket leaves its audit entry, written with the change or not at all
  The ticket records what happens to it as events; the unit of work turns them into audit-log entries when
  it commits, in the same transaction. An auditor finds one entry per event: issued (with the customer,
  the bankroll and the policy decision), placed, settled or voided (with the payout), set aside for review.

  Background:
    Given a bankroll of 100.00

  Scenario: An issued ticket is audited with its owners, stake, odds and decision
    When a 10.00 single at 2.50 is issued for customer c1 under decision d1 and committed
    Then the audit log holds "ticket.issued" only
    And its last entry names customer c1, decision d1, stake 10.00 and combined odds 2.50

  Scenario: A settled ticket is audited with its payout
    Given a 10.00 single at 2.50 is issued for customer c1 under decision d1 and committed
    When the leg wins and the settlement is committed
    Then the audit log holds "ticket.issued, ticket.settled" only
    And its last entry has status settled and payout 25.00

  Scenario: A ticket whose leg is void is audited as voided with the stake refunded
    Given a 10.00 single at 2.50 is issued for customer c1 under decision d1 and committed
    When the leg is void and the settlement is committed
    Then its last entry has status voided and payout 10.00

  Scenario: A change that is not committed leaves no entry
    When a 10.00 single at 2.50 is issued for customer c1 under decision d1 but not committed
    Then the audit log holds no entry
