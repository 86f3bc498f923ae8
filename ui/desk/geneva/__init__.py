"""The interviewer's side of the exchange with Geneva, in the desk: enrolment, the export
wizard and Geneva's receipts (the Geneva menu). The work itself is app/sync's."""
