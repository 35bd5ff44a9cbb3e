/**
 * Said above the figures while the run's data has no labels, so that the label-based metrics and figures are
 * known to be missing rather than silently empty.
 */
export function UnlabelledNotice({ name }: { readonly name: string }) {
  return (
    <div className="notice" role="status" data-testid="unlabelled-notice">
      <p>
        <strong>{name} has no labels.</strong> kNN accuracy, tolerance and inter-class uniformity need them and are not computed (the training curves
        leave them out, and the uniformity–tolerance plane stays empty). Without classes no negative can be told to share its sample’s class, so the
        pair figures show positives and negatives only. Load a labels file to see them.
      </p>
    </div>
  );
}
