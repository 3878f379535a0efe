Feature: Settling singles and accumulators
  A ticket pays its stake multiplied by what each of its legs passes on:
  - a winning leg passes on its odds, a losing leg nothing;
  - a void leg, or a leg that is a push, passes the money on unchanged, as if it were not on the ticket;
  - a leg that wins half (quarter lines) passes on half at its odds and gives half back;
  - a leg that loses half gives half back;
  - a dead heat pays the odds on the winners' share only: a half when two tie, a third when three tie.
  An accumulator needs every leg: one losing leg loses the whole ticket.
  The amount is worked out exactly and then rounded down to the cent, never up.

  Scenario Outline: A 10.00 single at 2.50
    Given a 10.00 stake on a single at 2.50
    When the leg <result>
    Then the ticket pays <pays>

    Examples:
      | result                                | pays  |
      | wins                                  | 25.00 |
      | loses                                 | 0.00  |
      | is a push                             | 10.00 |
      | wins half                             | 17.50 |
      | loses half                            | 5.00  |
      | finishes in a dead heat shared by 2   | 12.50 |
      | finishes in a dead heat shared by 3   | 8.33  |

  Scenario: A void leg drops out of a double
    Given a 10.00 stake on a double at 2.00 and 3.00
    When the first leg wins
    And the second leg is void
    Then the ticket pays 20.00

  Scenario: A treble with a void leg settles at the odds of the other two
    Given a 10.00 stake on a treble at 2.00, 4.50 and 1.50
    When the first leg wins
    And the second leg is void
    And the third leg wins
    Then the ticket pays 30.00

  Scenario: One losing leg loses the whole accumulator
    Given a 10.00 stake on a treble at 2.00, 3.00 and 1.50
    When the first leg wins
    And the second leg wins
    And the third leg loses
    Then the ticket pays 0.00

  Scenario: A leg that wins half carries half its winnings into the next leg
    Given a 10.00 stake on a double at 2.00 and 1.90
    When the first leg wins half
    And the second leg wins
    Then the ticket pays 28.50

  Scenario: A ticket whose legs are all void is void, and the stake is refunded
    Given a 10.00 stake on a double at 2.00 and 3.00
    When the first leg is void
    And the second leg is void
    Then the ticket is void and 10.00 is refunded

  Scenario: Payouts are rounded down to the cent
    Given a 10.00 stake on a treble at 1.33, 1.33 and 1.33
    When the first leg wins
    And the second leg wins
    And the third leg wins
    Then the exact return is 23.52637
    And the ticket pays 23.52

  Scenario: An Asian handicap and goals double settled from the final scores
    Given a 10.00 stake on a double of home -0.25 at 2.00 in match A and over 2.5 goals at 1.90 in match B
    When match A ends 1-1 and match B ends 2-1
    Then the first leg loses half
    And the second leg wins
    And the ticket pays 9.50

  Scenario: Two legs on the same match cannot be combined
    When a double of the home win and over 2.5 goals in the same match is requested
    Then the ticket is refused under the rule NoCorrelatedLegs

  Scenario: A settled ticket cannot be cancelled
    Given a 10.00 stake on a single at 2.50
    When the leg wins
    And the ticket is settled
    Then cancelling the ticket is refused under the rule TicketLifecycle
