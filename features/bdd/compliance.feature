Feature: Compliance policies decide, per jurisdiction, whether a customer may bet or deposit
  Every ticket and every deposit is put to the compliance policy of the customer's jurisdiction before
  anything happens. The policy answers allow or deny; each refusal names the rule and the figure it
  applied (a legal figure with its source, or an illustrative one marked so), and the answer carries the
  limits the optimizer must respect. These scenarios run the real policies with real OPA.

  Scenario: A German customer cannot deposit past the monthly cross-operator limit
    Given a customer in DE who has deposited 950.00 over the last 30 days across all operators
    When the customer asks to deposit 60.00
    Then the policy denies it under rule limits.deposit_30d with figure "deposit_limit_30d = 1000.00 EUR"
    And the remaining deposit allowance is 50

  Scenario: A German customer may deposit up to the monthly limit
    Given a customer in DE who has deposited 950.00 over the last 30 days across all operators
    When the customer asks to deposit 50.00
    Then the policy allows it

  Scenario Outline: A self-excluded customer gets no ticket in any jurisdiction
    Given a self-excluded customer in <jurisdiction>
    When the customer asks for a 10.00 pre-match single
    Then the policy denies it under rule eligibility.self_excluded with figure "self_exclusion_register = <register>"
    And the customer may stake nothing and deposit nothing

    Examples:
      | jurisdiction | register                |
      | GB           | GAMSTOP                 |
      | DE           | OASIS                   |
      | NL           | CRUKS                   |
      | ES           | RGIAJ                   |
      | IT           | RUA                     |
      | SE           | Spelpaus                |
      | CA-ON        | operator self-exclusion |
      | US-NJ        | DGE self-exclusion list |
      | AU           | BetStop                 |

  Scenario: Online in-play betting is banned in Australia
    Given a customer in AU
    When the customer asks for a 10.00 in-play single on 1x2
    Then the policy denies it under rule in_play.banned with figure "in_play_allowed = false"

  Scenario: Germany allows in-play bets only on the final result and the next goal
    Given a customer in DE
    When the customer asks for a 10.00 in-play single on totals
    Then the policy denies it under rule in_play.market_not_allowed with figure "in_play_markets = 1x2, next_goal"

  Scenario: New Jersey refuses bets on its own college teams
    Given a customer in US-NJ
    When the customer asks for a 10.00 single on a match of college teams from NJ and PA
    Then the policy denies it under rule markets.local_college_team with figure "banned_college_team_regions = NJ"

  Scenario: An 18-year-old is too young in Ontario but not in Great Britain
    Given an 18-year-old customer in CA-ON
    When the customer asks for a 10.00 pre-match single
    Then the policy denies it under rule eligibility.minimum_age with figure "minimum_age = 19"
    Given an 18-year-old customer in GB
    When the customer asks for a 10.00 pre-match single
    Then the policy allows it

  Scenario: A young Dutch adult has the lower monthly deposit limit
    Given a 21-year-old customer in NL who has deposited 250.00 over the last 30 days
    When the customer asks to deposit 60.00
    Then the policy denies it under rule limits.deposit_30d with figure "young_adult_deposit_limit_30d = 300.00 EUR"

  Scenario: A malformed request is denied and the bad field is named
    Given a customer in GB whose age is given as "thirty"
    When the customer asks for a 10.00 pre-match single
    Then the policy denies it as invalid input naming the field customer.age
    And the customer may stake nothing and deposit nothing

  Scenario: A customer from an unknown jurisdiction is denied
    Given a customer in FR
    When the customer asks for a 10.00 pre-match single
    Then the policy denies it as invalid input naming the field customer.jurisdiction
