Feature: Asian handicap and goal-total lines settle on the final score
  A whole line (0, -1, 2) can win, lose or be void: when it is void the stake comes back.
  A half line (-0.5, 2.5) always wins or loses: it can never be void.
  A quarter line (-0.25, 2.75) is two bets, each of half the stake, on the two lines either side of it:
  a home -0.25 bet is half on 0 and half on -0.5. So it can win or lose half the stake.
  An Asian handicap adds the line to the home team's goals; an over bet needs more goals than the line.

  Scenario: A home -0.25 bet on a draw loses half the stake
    Given a stake of 100 on the home team at Asian handicap -0.25 at odds 2.00
    When the match ends 1-1
    Then the bet loses half the stake
    And the bettor gets 50 back

  Scenario: A home +0.25 bet on a draw wins half the stake
    Given a stake of 100 on the home team at Asian handicap +0.25 at odds 2.00
    When the match ends 0-0
    Then the bet wins half the stake
    And the bettor gets 150 back

  Scenario: A home -0.75 bet on a one-goal home win wins half the stake
    Given a stake of 100 on the home team at Asian handicap -0.75 at odds 2.00
    When the match ends 2-1
    Then the bet wins half the stake
    And the bettor gets 150 back

  Scenario: Over 2.25 goals with exactly two goals loses half the stake
    Given a stake of 100 on over 2.25 goals at odds 1.90
    When the match ends 1-1
    Then the bet loses half the stake
    And the bettor gets 50 back

  Scenario Outline: Home Asian handicap bets, stake 100 at odds 2.00
    Given a stake of 100 on the home team at Asian handicap <line> at odds 2.00
    When the match ends <score>
    Then the bet <settles>
    And the bettor gets <back> back

    Examples:
      | line  | score | settles                 | back |
      | 0     | 1-1   | is void                 | 100  |
      | 0     | 2-1   | wins                    | 200  |
      | -0.5  | 1-1   | loses                   | 0    |
      | -0.25 | 2-1   | wins                    | 200  |
      | -0.25 | 0-1   | loses                   | 0    |
      | -0.75 | 3-1   | wins                    | 200  |
      | -0.75 | 1-1   | loses                   | 0    |
      | -1    | 2-1   | is void                 | 100  |
      | -1.25 | 2-1   | loses half the stake    | 50   |
      | +0.75 | 0-1   | loses half the stake    | 50   |
      | +1.25 | 0-1   | wins half the stake     | 150  |
      | +1.5  | 0-1   | wins                    | 200  |

  Scenario Outline: Over bets on goal totals, stake 100 at odds 1.90
    Given a stake of 100 on over <line> goals at odds 1.90
    When the match ends <score>
    Then the bet <settles>
    And the bettor gets <back> back

    Examples:
      | line | score | settles                 | back |
      | 2.5  | 2-1   | wins                    | 190  |
      | 2.5  | 1-1   | loses                   | 0    |
      | 2    | 1-1   | is void                 | 100  |
      | 2.75 | 2-1   | wins half the stake     | 145  |
      | 2.75 | 3-1   | wins                    | 190  |
      | 1.75 | 1-1   | wins half the stake     | 145  |
      | 3.25 | 2-1   | loses half the stake    | 50   |
