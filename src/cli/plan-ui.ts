/** A Ui whose confirmations first print the plan to stdout (also when --yes answers them or none can be asked). */
import type {Ui} from '../ui.js'

export function showingPlan<P>(ui: Ui, out: (text: string) => void, render: (plan: P) => string): Ui {
  return {
    ...ui,
    confirm: async (question, plan) => {
      if (plan !== undefined) out(render(plan as P))
      await ui.confirm(question)
    },
  }
}
