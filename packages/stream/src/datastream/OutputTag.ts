/** Names a side output of an operator and the type of its values. */
export class OutputTag<T> {
  declare readonly valueType: T;

  constructor(readonly id: string) {}
}
