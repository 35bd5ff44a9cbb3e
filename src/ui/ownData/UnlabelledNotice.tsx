/**
 * Said above the figures while the run's data has no labels, so that the label-based metrics and figures are
 * known to be missing rather than silently empty.
 */
export function UnlabelledNotice({ name }: { readonly name: string }) {
  return (
    <div className="notice" role="status" data-testid="unlabelled-notice">
      <p>
        <strong>{name} has no labels.</strong> kNN accuracy, tolerance and inter-class uniformity need them and are not computed (their curves and the
        uniformity–tolerance path stay empty); without classes no negative is a false negative, so every negative counts as a true one. Load a labels file to
        see them.
      </p>
    </div>
  );
}
