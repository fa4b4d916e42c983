/** What one step of the pipeline changed, for the settings preview and the run log. */
export interface TextChange {
  from: string;
  to: string;
}

export interface StepOutput {
  text: string;
  changes: TextChange[];
}
