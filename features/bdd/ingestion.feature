Feature: Every row of a data file is accounted for, and loading it again changes nothing
  A data file is stored exactly as received (its fingerprint names the version). Each of its match rows
  becomes a fixture with its result and prices, or is set aside in quarantine with the reason; rows with no
  data at all are only counted. Loading the same file again adds and changes nothing. A corrected file is
  a new version: only what it corrects changes, and nothing is duplicated.
  A price without a C in its column was taken before the match (the Friday before a weekend game, the
  Tuesday before a midweek one); a closing price is taken at kickoff, so it can never feed an earlier bet.

  Background:
    Given a football-data file for the Premier League 2024/25 with these rows
      | Date       | Time  | HomeTeam | AwayTeam | FTHG | FTAG | B365H | B365D | B365A | PSCH |
      | 17/08/2024 | 15:00 | Arsenal  | Wolves   | 2    | 0    | 1.25  | 6.50  | 11.00 | 1.22 |
      | 17/08/2024 | 15:00 | Everton  | Brighton | 0    | 3    | 0     | 3.40  | 2.60  | 2.90 |
      |            |       |          |          |      |      |       |       |       |      |

  Scenario: Each row becomes a fixture or a quarantined row with its reason
    When the file is loaded
    Then 1 fixture is stored with 4 prices
    And 1 row is quarantined because "invalid_odds: B365H '0': decimal odds must be above 1"
    And 1 empty row is counted

  Scenario: Loading the same file again changes nothing
    Given the file has been loaded
    When the file is loaded
    Then 0 fixtures and 0 prices are inserted or changed
    And there are 1 fixtures in total

  Scenario: A corrected file is a new version that changes only what it corrects
    Given the file has been loaded
    When the row of Everton v Brighton is corrected to B365H 2.70 and the file is loaded
    Then 1 fixture is stored with 4 prices
    And there are 2 fixtures in total
    And the file has 2 stored versions

  Scenario: Early prices come before the match and closing prices at kickoff
    When the file is loaded
    Then the Bet365 prices of Arsenal v Wolves were taken on Friday 16 August 2024
    And the Pinnacle closing price of Arsenal v Wolves was taken at kickoff, 14:00 UTC
